import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bytesToHex, type Hex } from '@btcfi/core'
import type { NodeHandle } from '@btcfi/regtest'
import { freePort } from '../../testing/freePort.js'
import type { EscrowProcessConfig, EscrowProcessUp } from './escrowProcess.js'

const script = fileURLToPath(new URL('./escrowProcess.ts', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url))

export interface SpawnEscrowAgentParameters {
  /** The node whose chain height the agent reads (its read-only macaroon). */
  node: NodeHandle
  /** Where the agent's SQLite file (`escrow.db`), price and clock files and config go. */
  dir: string
  /** The agent's secret (32 bytes). Default: a random one. */
  secret?: Uint8Array
  /** The agent's own price to start with, US cents per BTC. Default $100,000. */
  centsPerBtc?: bigint
  /** How long a start may take, ms. Default 60 000. */
  startTimeoutMs?: number
}

export interface SpawnedEscrowAgent {
  /** `http://127.0.0.1:port`: the same across restarts. */
  url: string
  /** The agent's key (x-only, hex). */
  pubkey: Hex
  /** The agent's SQLite file. */
  dbPath: string
  /** What the agent processes wrote to stderr. */
  errors: string[]
  /** Sends `signal` (default SIGKILL) to the running agent and waits until it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>
  /** Starts the agent again on the same file, secret and port (stopping it first if it runs). */
  restart(): Promise<void>
  /** The agent's own price from now on; `undefined`: its sources fail. */
  setPrice(centsPerBtc: bigint | undefined): void
  /** Sets the agent's clock to `nowMs` (it runs on from there): a test's loan clock, for dispute windows. */
  setClock(nowMs: number): void
  /** Stops the agent (SIGTERM, then SIGKILL after 5 s). */
  close(): Promise<void>
}

/**
 * Runs an escrow agent (`escrowProcess.ts`) in a child process on a SQLite
 * file in `dir`, for tests that SIGKILL it and start it again. Nothing
 * outlives the test: `close` stops it, and the test process's exit kills
 * it (the child also exits when its IPC channel to this process closes).
 *
 * @example
 * const escrow = await spawnEscrowAgent({ node: net.node('bob'), dir })
 * await escrow.kill()
 * await escrow.restart()
 */
export async function spawnEscrowAgent(
  parameters: SpawnEscrowAgentParameters,
): Promise<SpawnedEscrowAgent> {
  const { node, dir } = parameters
  const pricePath = join(dir, 'escrow-price')
  const configPath = join(dir, 'escrow.json')
  const clockPath = join(dir, 'escrow-clock')
  const setClock = (nowMs: number) => writeFileSync(clockPath, String(nowMs - Date.now()))
  writeFileSync(clockPath, '0')
  const setPrice = (centsPerBtc: bigint | undefined) =>
    writeFileSync(pricePath, centsPerBtc === undefined ? '' : centsPerBtc.toString())
  setPrice(parameters.centsPerBtc ?? 10_000_000n)
  const config: EscrowProcessConfig = {
    restUrl: node.restUrl,
    macaroon: node.macaroons.readonly,
    cert: node.tlsCert,
    dbPath: join(dir, 'escrow.db'),
    secret: bytesToHex(parameters.secret ?? new Uint8Array(randomBytes(32))),
    port: await freePort(),
    pricePath,
    clockPath,
  }
  // It holds the secret: readable by this user only.
  writeFileSync(configPath, JSON.stringify(config), { mode: 0o600 })
  const errors: string[] = []
  let child: ChildProcess | undefined
  const killOnExit = () => {
    child?.kill('SIGKILL')
  }
  process.on('exit', killOnExit)

  const start = () =>
    new Promise<EscrowProcessUp>((resolve, reject) => {
      const proc = spawn(
        process.execPath,
        ['--conditions=source', '--import', 'tsx', script, configPath],
        { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] },
      )
      child = proc
      const timer = setTimeout(() => {
        proc.kill('SIGKILL')
        reject(new Error(`the escrow agent did not start in time: ${errors.join('\n')}`))
      }, parameters.startTimeoutMs ?? 60_000)
      proc.stderr?.on('data', (chunk: Buffer) => errors.push(chunk.toString().trim()))
      proc.once('message', (message) => {
        clearTimeout(timer)
        resolve(message as EscrowProcessUp)
      })
      proc.once('exit', (code, signal) => {
        clearTimeout(timer)
        reject(
          new Error(
            `the escrow agent exited (${signal ?? code}) before it listened: ${errors.join('\n')}`,
          ),
        )
      })
    })

  const stop = async (signal: NodeJS.Signals) => {
    const proc = child
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
    proc.kill(signal)
    if (signal !== 'SIGKILL') {
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    }
    await exited
  }

  let up: EscrowProcessUp
  try {
    up = await start()
  } catch (error) {
    process.off('exit', killOnExit)
    throw error
  }
  return {
    url: up.url,
    pubkey: up.pubkey,
    dbPath: config.dbPath,
    errors,
    kill: (signal = 'SIGKILL') => stop(signal),
    async restart() {
      await stop('SIGTERM')
      await start()
    },
    setPrice,
    setClock,
    async close() {
      await stop('SIGTERM')
      process.off('exit', killOnExit)
    },
  }
}
