#!/usr/bin/env node
// Prepares a fresh checkout for the demo and the tests: the pinned pnpm, the
// workspace's dependencies, and the regtest binaries (lnd, btcd; with --lnc
// the LNC mailbox, node side and wasm client) built from their Go modules into
// a cache; with --browser, Debian's Chromium; with --postgres, Debian's
// PostgreSQL. Fast when everything is there.
//
// On a new machine the slow parts overlap: Go fetches its modules and starts
// compiling, and Debian's packages install, while pnpm installs the workspace;
// then Go builds lnd and the LNC programs side by side. Each step prints how long it took.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { delimiter } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const { packageManager } = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'))
const pnpmVersion = packageManager.replace(/^pnpm@/, '')

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Node ${process.versions.node} is too old: BTCFi SDK needs Node 20.19 or newer.`)
  process.exit(1)
}

// Run under `npx -p node@24 ...`, npm leaves npm_config_package=node@24 behind,
// and the `npx pnpm@…` below would then look for a command named `pnpm@…`.
delete process.env.npm_config_package

const lnc = process.argv.includes('--lnc')
const browser = process.argv.includes('--browser')
const postgres = process.argv.includes('--postgres')
const setupStarted = Date.now()
const step = (line) => console.log(`\x1b[36m›\x1b[0m ${line}`)
const seconds = (since) => `${Math.round((Date.now() - since) / 1000)} s`

/** Runs a command to its end (output shown); rejects on a non-zero exit. */
function run(command, args, { quiet = false, cwd = root, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: quiet ? ['ignore', 'ignore', 'ignore'] : ['ignore', 'inherit', 'inherit'],
    })
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`)),
    )
  })
}

/** Runs `work`, then says how long `what` took. */
async function timed(what, work) {
  const started = Date.now()
  await work()
  step(`${what}: done in ${seconds(started)}`)
}

function pnpm() {
  try {
    const version = execFileSync('pnpm', ['--version'], { encoding: 'utf8' }).trim()
    if (version === pnpmVersion) return ['pnpm', []]
  } catch {}
  return ['npx', ['--yes', `pnpm@${pnpmVersion}`]]
}
const [pnpmCommand, pnpmArgs] = pnpm()

/**
 * While pnpm installs (and compiles better-sqlite3 on one core), Go already
 * fetches the modules and compiles lnd's packages into its build cache, with
 * the flags of the real build (the tags come from versions.ts, where the build
 * takes them). The real build then finds them compiled. When the binaries are
 * cached already this is stopped as soon as pnpm is done: it only ever warms
 * a cache.
 */
function warmGo() {
  const children = []
  const start = (args, dir) => {
    try {
      const child = spawn('go', args, { cwd: `${root}/${dir}`, stdio: 'ignore' })
      child.on('error', () => {}) // no Go: the binaries step says so
      children.push(child)
    } catch {}
  }
  const versions = readFileSync(`${root}/packages/regtest/src/binaries/versions.ts`, 'utf8')
  const tags = /LND_BUILD_TAGS = \[([^\]]*)\]/.exec(versions)?.[1]?.match(/[a-z]+/g)
  if (tags) {
    start(
      ['build', '-trimpath', '-tags', tags.join(' '), 'github.com/lightningnetwork/lnd'],
      'packages/regtest/go/lightning',
    )
  }
  if (lnc) {
    start(['mod', 'download'], 'packages/regtest/go/lnc')
    start(['mod', 'download'], 'packages/regtest/go/lnc/mailbox')
  }
  return () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGINT') // go stops its compilers on an interrupt
  }
}

// Debian's packages, one apt-get at a time (dpkg takes a lock): each install
// waits for the one before; the package lists are updated once.
let aptQueue = Promise.resolve()
let aptUpdated = false
function aptInstall(packages) {
  const done = aptQueue.then(async () => {
    if (!aptUpdated) await run('apt-get', ['update', '-qq'], { quiet: true })
    aptUpdated = true
    await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
      quiet: true,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
  })
  aptQueue = done.catch(() => {})
  return done
}

// The browser tests drive Debian's Chromium (playwright-core never downloads a browser).
async function ensureChromium() {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (existsSync(chromium)) return step(`browser for the end-to-end tests: ${chromium}`)
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    console.error(
      `No Chromium at ${chromium}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH; the browser tests need it.`,
    )
    return
  }
  await timed('Chromium from Debian for the end-to-end tests', () =>
    aptInstall(['chromium', 'fonts-noto-color-emoji']),
  )
}

/** A folder with PostgreSQL's initdb: Debian's /usr/lib/postgresql/<version>/bin, or one on PATH. */
function postgresBinDir() {
  const debian = '/usr/lib/postgresql'
  let versions = []
  try {
    versions = readdirSync(debian).filter((v) => existsSync(`${debian}/${v}/bin/initdb`))
  } catch {}
  if (versions.length > 0) return `${debian}/${versions.sort((a, b) => b - a)[0]}/bin`
  return (process.env.PATH ?? '').split(delimiter).find((dir) => dir && existsSync(`${dir}/initdb`))
}

// The PostgreSQL tests (the loan book on PostgreSQL) and `npm run demo --
// --postgres` start a throwaway server of their own from Debian's binaries
// (see @btcfi/regtest's startPostgres), unless BTCFI_POSTGRES_URL points at a
// database of yours.
async function ensurePostgres() {
  if (process.env.BTCFI_POSTGRES_URL) return step('PostgreSQL: BTCFI_POSTGRES_URL')
  const binDir = postgresBinDir()
  if (binDir) return step(`PostgreSQL: ${binDir}`)
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    console.error(
      "No PostgreSQL (initdb) under /usr/lib/postgresql or on PATH: install Debian's postgresql (apt-get install postgresql) or set BTCFI_POSTGRES_URL; the PostgreSQL tests and the demo's --postgres need one.",
    )
    return
  }
  await timed('PostgreSQL from Debian', async () => {
    // The binaries only: Debian would also create a cluster of the system's own
    // and start it as a service, which nothing here uses. The setting is
    // removed afterwards, so that a later install of yours is Debian's default.
    const noCluster = '/etc/postgresql-common/createcluster.d/btcfi-setup.conf'
    mkdirSync('/etc/postgresql-common/createcluster.d', { recursive: true })
    writeFileSync(noCluster, 'create_main_cluster = false\n')
    try {
      await aptInstall(['postgresql'])
    } finally {
      rmSync(noCluster, { force: true })
    }
  })
}

// The SQLite loan store runs on Node's own node:sqlite where this Node has it
// (22.13 and later). On Node 20 it needs better-sqlite3's native module built
// for this very Node: a build made for another Node (a shared pnpm store, a
// switch of Node version) is rebuilt here rather than failing in the tests.
async function ensureSqlite() {
  if (process.getBuiltinModule?.('node:sqlite')) return
  const probe =
    "require(require.resolve('better-sqlite3', { paths: ['packages/loans'] }))(':memory:').close()"
  try {
    execFileSync(process.execPath, ['-e', probe], { cwd: root, stdio: 'ignore' })
  } catch {
    await timed(`better-sqlite3 built for Node ${process.version}`, () =>
      run(pnpmCommand, [...pnpmArgs, 'rebuild', 'better-sqlite3']),
    )
  }
}

step(
  `installing dependencies (pnpm ${pnpmVersion})${browser ? ', Chromium' : ''}${postgres ? ', PostgreSQL' : ''}; Go warms up meanwhile`,
)
const stopWarmingGo = warmGo()
// Settled into their errors (if any), so that a failure is reported after pnpm's, not as an unhandled rejection.
const settled = (promise) =>
  promise.then(
    () => undefined,
    (error) => error,
  )
const chromium = browser ? settled(ensureChromium()) : undefined
const postgresql = postgres ? settled(ensurePostgres()) : undefined
try {
  await timed('dependencies installed', () =>
    run(pnpmCommand, [
      ...pnpmArgs,
      'install',
      '--frozen-lockfile',
      '--prefer-offline',
      '--reporter=silent',
    ]),
  )
  await ensureSqlite()
  stopWarmingGo()
  // The LNC parts (mailbox, node side, wasm client) only where they are used: the tests.
  step(
    lnc
      ? 'checking the regtest binaries (lnd, btcd, and the LNC mailbox, node side and wasm client)'
      : 'checking the regtest binaries (lnd, btcd)',
  )
  await timed('regtest binaries', () =>
    run(process.execPath, [
      'packages/regtest/bin/btcfi-regtest.js',
      'install',
      ...(lnc ? ['--lnc'] : []),
    ]),
  )
  const aptError = (await chromium) ?? (await postgresql)
  if (aptError) throw aptError
} catch (error) {
  stopWarmingGo()
  console.error(error.message)
  process.exit(1)
}
step(`set-up done in ${seconds(setupStarted)}`)
