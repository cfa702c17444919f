import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { buildOnce, defaultCacheDir, runGo } from './buildCache.js'
import { BINARY_NAMES, type Binaries, LND_BUILD_TAGS, LND_VERSION } from './versions.js'

const run = promisify(execFile)

/** The Go module that pins lnd and btcd (its go.mod and go.sum are committed). */
export const goModuleDir = fileURLToPath(new URL('../../go/lightning', import.meta.url))

export interface EnsureBinariesOptions {
  /** Where built binaries are cached. Default: `$BTCFI_REGTEST_CACHE` or `~/.cache/btcfi-regtest`. */
  cacheDir?: string
  /** Use lnd/lncli/btcd/btcctl from PATH when their versions match (default true). */
  usePath?: boolean
  /** Progress lines for a person watching. */
  onProgress?: (line: string) => void
}

/**
 * Returns the paths of lnd, lncli, btcd and btcctl at the pinned versions,
 * building them from their Go modules into a cache the first time
 * (about 5 minutes on 2 cores). Later calls return at once.
 */
export async function ensureBinaries(options: EnsureBinariesOptions = {}): Promise<Binaries> {
  const progress = options.onProgress ?? (() => {})
  if (options.usePath !== false) {
    const fromPath = await binariesOnPath()
    if (fromPath) return fromPath
  }
  const dir = join(options.cacheDir ?? defaultCacheDir(), await buildKey())
  const binaries = pathsIn(dir)
  if (existsSync(join(dir, '.complete'))) return binaries

  await assertGo()
  await buildOnce(
    dir,
    'the regtest binaries',
    async (tmp) => {
      progress(
        `building lnd ${LND_VERSION}, lncli, btcd and btcctl from their Go modules (first run: ~5 min)`,
      )
      const started = Date.now()
      await runGo(
        ['build', '-trimpath', '-tags', LND_BUILD_TAGS.join(' '), '-o', `${tmp}/`, 'tool'],
        {
          cwd: goModuleDir,
          progress,
        },
      )
      progress(`built in ${Math.round((Date.now() - started) / 1000)} s into ${dir}`)
    },
    progress,
  )
  return binaries
}

/** Binaries are keyed by what pins them: go.mod, go.sum and the build tags. */
async function buildKey(): Promise<string> {
  const hash = createHash('sha256')
  hash.update(await readFile(join(goModuleDir, 'go.mod')))
  hash.update(await readFile(join(goModuleDir, 'go.sum')))
  hash.update(LND_BUILD_TAGS.join(','))
  return `lnd-${LND_VERSION}-${hash.digest('hex').slice(0, 12)}`
}

function pathsIn(dir: string): Binaries {
  return Object.fromEntries(BINARY_NAMES.map((name) => [name, join(dir, name)])) as Binaries
}

export async function assertGo(): Promise<void> {
  try {
    await run('go', ['version'])
  } catch (cause) {
    throw new Error(
      'Go is needed to build lnd and btcd for the regtest network (install Go 1.25 or newer), ' +
        'or attach to a running Polar network instead: attachPolar({ network }) or ' +
        'BTCFI_REGTEST_POLAR=<network name> for the test setup and the CLI.',
      { cause },
    )
  }
}

/** lnd, lncli, btcd and btcctl from PATH when all four are there and lnd is the pinned version. */
async function binariesOnPath(): Promise<Binaries | undefined> {
  const found: Partial<Binaries> = {}
  for (const name of BINARY_NAMES) {
    const path = which(name)
    if (!path) return undefined
    found[name] = path
  }
  try {
    const lnd = await run(found.lnd!, ['--version'])
    const btcd = await run(found.btcd!, ['--version'])
    const lndVersion = LND_VERSION.replace(/^v/, '')
    // btcd's pinned pseudo-version reports itself as 0.25.0-beta.
    if (!lnd.stdout.includes(lndVersion) || !btcd.stdout.includes('0.25.')) return undefined
  } catch {
    return undefined
  }
  return found as Binaries
}

function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, name)
    if (existsSync(candidate)) return candidate
  }
  return undefined
}
