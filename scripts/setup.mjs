#!/usr/bin/env node
// Prepares a fresh checkout for the demo and the tests: the pinned pnpm, the
// workspace's dependencies, and the regtest binaries (lnd, btcd; with --lnc
// the LNC mailbox, node side and wasm client) built from their Go modules into
// a cache; with --browser, Debian's Chromium. Fast when everything is there.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'

const root = new URL('..', import.meta.url)
const { packageManager } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))
const pnpmVersion = packageManager.replace(/^pnpm@/, '')

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Node ${process.versions.node} is too old: BTCFi SDK needs Node 20.19 or newer.`)
  process.exit(1)
}

const step = (line) => console.log(`\x1b[36m›\x1b[0m ${line}`)
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' })

function pnpm() {
  try {
    const version = execFileSync('pnpm', ['--version'], { encoding: 'utf8' }).trim()
    if (version === pnpmVersion) return ['pnpm', []]
  } catch {}
  return ['npx', ['--yes', `pnpm@${pnpmVersion}`]]
}

const [pnpmCommand, pnpmArgs] = pnpm()
step(`installing dependencies (pnpm ${pnpmVersion})`)
run(pnpmCommand, [
  ...pnpmArgs,
  'install',
  '--frozen-lockfile',
  '--prefer-offline',
  '--reporter=silent',
])
// The LNC parts (mailbox, node side, wasm client) only where they are used: the tests.
const lnc = process.argv.includes('--lnc')
step(
  lnc
    ? 'checking the regtest binaries (lnd, btcd, and the LNC mailbox, node side and wasm client)'
    : 'checking the regtest binaries (lnd, btcd)',
)
run(process.execPath, [
  'packages/regtest/bin/btcfi-regtest.js',
  'install',
  ...(lnc ? ['--lnc'] : []),
])

// The browser tests drive Debian's Chromium (playwright-core never downloads a browser).
if (process.argv.includes('--browser')) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (existsSync(chromium)) {
    step(`browser for the end-to-end tests: ${chromium}`)
  } else if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    step('installing Chromium from Debian for the end-to-end tests')
    const apt = (args) => execFileSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'] })
    apt(['update', '-qq'])
    apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-noto-color-emoji'])
  } else {
    console.error(
      `No Chromium at ${chromium}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH; the browser tests need it.`,
    )
  }
}
