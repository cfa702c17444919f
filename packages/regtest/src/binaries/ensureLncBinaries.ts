import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { buildOnce, defaultCacheDir, runGo } from './buildCache.js'
import { assertGo } from './ensureBinaries.js'

const run = promisify(execFile)

/** The Go module of the node side and the wasm client (pins lnd v0.18.5 and lightning-node-connect). */
export const lncModuleDir = fileURLToPath(new URL('../../go/lnc', import.meta.url))
/** The nested Go module that pins the mailbox, aperture v0.5.0. */
export const mailboxModuleDir = join(lncModuleDir, 'mailbox')

/** Paths of the programs of the regtest LNC path. */
export interface LncBinaries {
  /** The hashmail mailbox (aperture). */
  aperture: string
  /** The node side: sessions, pairing phrases, forwarding to lnd. */
  lncNode: string
  /** The wasm client lnc-web loads. */
  wasm: string
  /** Go's `wasm_exec.js` of the toolchain that built the wasm. */
  wasmExec: string
}

export interface EnsureLncBinariesOptions {
  /** Where built programs are cached. Default: `$BTCFI_REGTEST_CACHE` or `~/.cache/btcfi-regtest`. */
  cacheDir?: string
  /** Progress lines for a person watching. */
  onProgress?: (line: string) => void
}

/**
 * Returns aperture, lnc-node, the wasm client and its `wasm_exec.js`,
 * building them one after the other from `go/lnc` into a cache the first
 * time (a few minutes on 2 cores). Later calls return at once; any change to
 * the Go sources or modules makes a new cache entry.
 */
export async function ensureLncBinaries(
  options: EnsureLncBinariesOptions = {},
): Promise<LncBinaries> {
  const progress = options.onProgress ?? (() => {})
  const dir = join(options.cacheDir ?? defaultCacheDir(), await lncBuildKey())
  const binaries: LncBinaries = {
    aperture: join(dir, 'aperture'),
    lncNode: join(dir, 'lnc-node'),
    wasm: join(dir, 'wasm-client.wasm'),
    wasmExec: join(dir, 'wasm_exec.js'),
  }
  if (existsSync(join(dir, '.complete'))) return binaries

  await assertGo()
  await buildOnce(
    dir,
    'the LNC binaries',
    async (tmp) => {
      const started = Date.now()
      progress('building the LNC mailbox (aperture v0.5.0)')
      await runGo(
        [
          'build',
          '-trimpath',
          '-o',
          join(tmp, 'aperture'),
          'github.com/lightninglabs/aperture/cmd/aperture',
        ],
        { cwd: mailboxModuleDir, progress },
      )
      progress('building lnc-node (the node side of LNC sessions)')
      await runGo(['build', '-trimpath', '-o', join(tmp, 'lnc-node'), './cmd/lnc-node'], {
        cwd: lncModuleDir,
        progress,
      })
      progress('building the LNC wasm client (js/wasm)')
      await runGo(
        [
          'build',
          '-trimpath',
          '-tags',
          'appengine',
          '-ldflags',
          '-s -w',
          '-o',
          join(tmp, 'wasm-client.wasm'),
          './cmd/wasm-client',
        ],
        { cwd: lncModuleDir, env: { GOOS: 'js', GOARCH: 'wasm' }, progress },
      )
      await copyFile(await wasmExecPath(), join(tmp, 'wasm_exec.js'))
      progress(`LNC binaries built in ${Math.round((Date.now() - started) / 1000)} s into ${dir}`)
    },
    progress,
  )
  return binaries
}

/** Keyed by the Go modules, the project's own Go sources and the Go version. */
async function lncBuildKey(): Promise<string> {
  const hash = createHash('sha256')
  for (const file of await goFiles(lncModuleDir)) {
    hash.update(relative(lncModuleDir, file))
    hash.update(await readFile(file))
  }
  hash.update((await run('go', ['env', 'GOVERSION'])).stdout.trim())
  return `lnc-${hash.digest('hex').slice(0, 12)}`
}

async function goFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile() && /\.(go|mod|sum)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort()
}

async function wasmExecPath(): Promise<string> {
  const goroot = (await run('go', ['env', 'GOROOT'])).stdout.trim()
  // Go ≥ 1.24 keeps it in lib/wasm, older ones in misc/wasm.
  const candidates = [
    join(goroot, 'lib', 'wasm', 'wasm_exec.js'),
    join(goroot, 'misc', 'wasm', 'wasm_exec.js'),
  ]
  const found = candidates.find((path) => existsSync(path))
  if (!found) throw new Error(`wasm_exec.js not found under ${goroot}`)
  return found
}
