import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { sleep } from '../util/waitFor.js'

/** `$BTCFI_REGTEST_CACHE`, else `$XDG_CACHE_HOME/btcfi-regtest` or `~/.cache/btcfi-regtest`. */
export function defaultCacheDir(): string {
  const env = process.env.BTCFI_REGTEST_CACHE
  if (env) return env
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'btcfi-regtest')
}

/**
 * Fills `dir` once: `build(tmp)` writes into a temp dir that is renamed to
 * `dir` when complete. Concurrent processes wait for the one that builds
 * (a lock dir next to `dir`, stale after 20 minutes).
 */
export async function buildOnce(
  dir: string,
  what: string,
  build: (tmp: string) => Promise<void>,
  progress: (line: string) => void,
): Promise<void> {
  const stamp = join(dir, '.complete')
  if (existsSync(stamp)) return
  const lock = `${dir}.lock`
  await mkdir(join(dir, '..'), { recursive: true })
  while (!(await tryLock(lock))) {
    progress(`another process is building ${what}; waiting`)
    while (existsSync(lock) && !existsSync(stamp)) await sleep(1000)
    if (existsSync(stamp)) return
  }
  try {
    if (existsSync(stamp)) return
    const tmp = `${dir}.tmp-${process.pid}`
    await rm(tmp, { recursive: true, force: true })
    await mkdir(tmp, { recursive: true })
    await build(tmp)
    await writeFile(join(tmp, '.complete'), `${new Date().toISOString()}\n`)
    await rm(dir, { recursive: true, force: true })
    await rename(tmp, dir)
  } finally {
    await rm(lock, { recursive: true, force: true })
  }
}

async function tryLock(lock: string): Promise<boolean> {
  try {
    await mkdir(lock)
    return true
  } catch {
    // A lock left by a killed build goes stale after 20 minutes.
    const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: 0 }))).mtimeMs
    if (age > 20 * 60_000) await rm(lock, { recursive: true, force: true })
    return false
  }
}

export interface RunGoOptions {
  cwd: string
  env?: Record<string, string>
  progress: (line: string) => void
}

/** Runs `go <args>`, with a progress line every 30 s; rejects with the output's tail. */
export function runGo(args: readonly string[], options: RunGoOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const collect = (chunk: Buffer) => {
      output = (output + chunk).slice(-20_000)
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    const started = Date.now()
    const ticker = setInterval(
      () => options.progress(`  still building (${Math.round((Date.now() - started) / 1000)} s)`),
      30_000,
    )
    child.on('error', (error) => {
      clearInterval(ticker)
      reject(error)
    })
    child.on('exit', (code) => {
      clearInterval(ticker)
      if (code === 0) resolve()
      else reject(new Error(`go ${args[0]} failed (exit ${code}):\n${output.slice(-4000)}`))
    })
  })
}
