import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { publicPackages } from './packages.js'

const run = promisify(execFile)
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

/** `npx pnpm@<pinned>`: the pnpm the workspace pins (pack rewrites `workspace:*` to versions). */
async function pnpm(args: string[], cwd: string) {
  const { packageManager } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8'))
  // Under `npx -p node@24 ...` npm leaves npm_config_package behind, and this
  // npx would then look for a command named `pnpm@…`.
  const { npm_config_package: _, ...env } = process.env
  return run('npx', ['--yes', packageManager, ...args], {
    cwd,
    env,
    maxBuffer: 16 * 1024 * 1024,
  })
}

/** Builds each public package with `tsc -p tsconfig.build.json` and packs it into `dir`; returns the tarballs by name. */
export async function packPackages(dir: string): Promise<Record<string, string>> {
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc')
  const tarballs: Record<string, string> = {}
  for (const name of publicPackages) {
    const cwd = join(repoRoot, 'packages', name)
    await run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd })
    const { stdout } = await pnpm(['pack', '--pack-destination', dir], cwd)
    const tarball = stdout.trim().split('\n').at(-1)!.trim()
    tarballs[name] = tarball.startsWith('/') ? tarball : join(dir, tarball)
  }
  return tarballs
}
