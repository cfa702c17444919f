import { type ChildProcess, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { DeskProcessConfig } from './deskProcess.js'

const script = fileURLToPath(new URL('./deskProcess.ts', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))

/**
 * Starts `deskProcess.ts` on `config` (written to `configPath`, readable by
 * this user only: it holds the secret and the macaroon). `on.listening` runs
 * once it prints its URL; what it writes to stderr goes to `on.stderr`.
 */
export function spawnDeskProcess(
  configPath: string,
  config: DeskProcessConfig,
  on: { listening: () => void; stderr: (text: string) => void },
): ChildProcess {
  writeFileSync(configPath, JSON.stringify(config), { mode: 0o600 })
  const proc = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', script, configPath],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  proc.stderr?.on('data', (chunk: Buffer) => on.stderr(chunk.toString().trim()))
  proc.stdout?.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('"url"')) on.listening()
  })
  return proc
}
