import { type ChildProcess, spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { exampleRoot } from '../stack/buildWeb.js'
import type { EscrowAgentConfig, EscrowAgentUp } from './EscrowAgentConfig.js'

const script = fileURLToPath(new URL('./escrowAgentMain.ts', import.meta.url))

export interface EscrowProcessParameters extends Omit<EscrowAgentConfig, 'secretPath'> {
  /** Where its config (`escrow.json`) and its key (`escrow.key`) go. */
  dir: string
  /** How long it may take to listen, ms. Default 60 000. */
  startTimeoutMs?: number
  /** Told each line the agent writes to stderr (its 5xx and oracle failures). */
  onLog?: (line: string) => void
}

export interface EscrowProcess extends EscrowAgentUp {
  /** Stops it (SIGTERM, SIGKILL after 5 s) and waits until it is gone. */
  close(): Promise<void>
}

/**
 * Runs an escrow agent (`escrowAgentMain.ts`) as a process of its own and
 * waits until it listens. It lives no longer than this process: `close`
 * stops it, this process's exit kills it, and it exits by itself when its
 * IPC channel to this process closes (this process was killed).
 */
export async function startEscrowProcess(
  parameters: EscrowProcessParameters,
): Promise<EscrowProcess> {
  const { dir, startTimeoutMs = 60_000, onLog = () => {}, ...rest } = parameters
  const config: EscrowAgentConfig = { ...rest, secretPath: join(dir, 'escrow.key') }
  const configPath = join(dir, 'escrow.json')
  // A PostgreSQL URL holds its password: readable by this user only.
  await writeFile(configPath, JSON.stringify(config), { mode: 0o600 })

  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', script, configPath],
    { cwd: exampleRoot, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] },
  )
  const killOnExit = () => child.kill('SIGKILL')
  process.on('exit', killOnExit)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const errors: string[] = []
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      errors.push(line)
      onLog(line)
    }
  })

  const up = await new Promise<EscrowAgentUp>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(
        new Error(`the escrow agent did not listen in ${startTimeoutMs} ms: ${errors.join('; ')}`),
      )
    }, startTimeoutMs)
    child.once('message', (message) => {
      clearTimeout(timer)
      resolve(message as EscrowAgentUp)
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`the escrow agent exited (${signal ?? code}): ${errors.join('; ')}`))
    })
  }).catch(async (error: unknown) => {
    await exited
    process.off('exit', killOnExit)
    throw error
  })

  return {
    ...up,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
        await exited
        clearTimeout(timer)
      }
      process.off('exit', killOnExit)
    },
  }
}
