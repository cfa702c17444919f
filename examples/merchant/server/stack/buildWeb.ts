import { execFile } from 'node:child_process'
import { readdir, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

/** The example's folder (where vite.config.ts is). */
export const exampleRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** Where `vite build` writes the front end. */
export const webRoot = join(exampleRoot, 'web', 'dist')

async function newest(dir: string): Promise<number> {
  let latest = 0
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? await newest(path) : (await stat(path)).mtimeMs)
  }
  return latest
}

/** Builds the front end with vite unless `web/dist` is newer than its sources. Returns the dist folder. */
export async function buildWeb(onProgress: (line: string) => void = () => {}): Promise<string> {
  const built = await stat(join(webRoot, 'index.html')).then(
    (s) => s.mtimeMs,
    () => 0,
  )
  const sources = Math.max(
    await newest(join(exampleRoot, 'web', 'src')),
    (await stat(join(exampleRoot, 'web', 'index.html'))).mtimeMs,
  )
  if (built > sources) return webRoot
  onProgress('building the front end (vite)')
  const vite = join(
    dirname(createRequire(join(exampleRoot, 'package.json')).resolve('vite/package.json')),
    'bin',
    'vite.js',
  )
  await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: exampleRoot,
  })
  return webRoot
}
