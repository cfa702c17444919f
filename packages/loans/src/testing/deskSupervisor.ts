import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { bytesToHex } from '@btcfi/core'
import type { NodeHandle } from '@btcfi/regtest/vitest'
import type { LockTerms } from '../terms/LoanTerms.js'
import { deskControls } from './deskControls.js'
import type { DeskProcessConfig } from './deskProcess.js'
import { freePort } from './freePort.js'
import type { KillPoint } from './killingStore.js'
import { spawnDeskProcess } from './spawnDeskProcess.js'

/**
 * Runs a desk in a child process and, like a service manager, starts it again
 * on the same SQLite file and secret whenever it dies. `killAt` arms a chain
 * of steps: the desk SIGKILLs itself at the first, the restarted one at the
 * next, and so on; `allKilled()` resolves once the last restart is up.
 */
export interface DeskSupervisor {
  url: string
  setPrice(centsPerBtc: bigint): void
  /** Moves the desk's loan clock forward (interest accrues, dues fall). */
  advanceClock(ms: number): void
  /** The desk's loan clock (for the borrower's signed requests). */
  now: () => number
  /** Restarts the desk so that it dies at each of `points`, one run each. */
  killAt(points: readonly KillPoint[]): Promise<void>
  /** Resolves once every armed kill happened and the desk is back up. */
  allKilled(): Promise<void>
  /** The kill points of the last `killAt` reached so far, in order. */
  kills: KillPoint[]
  /** What the desk processes wrote to stderr (background errors). */
  errors: string[]
  close(): Promise<void>
}

export async function deskSupervisor(
  node: NodeHandle,
  dir: string,
  options: { lock?: LockTerms } = {},
): Promise<DeskSupervisor> {
  const port = await freePort()
  const controls = deskControls(dir)
  const { pricePath, clockPath } = controls
  const base: Omit<DeskProcessConfig, 'killAt'> = {
    restUrl: node.restUrl,
    macaroon: node.macaroons.admin,
    cert: node.tlsCert,
    dbPath: join(dir, 'desk.db'),
    secret: bytesToHex(new Uint8Array(randomBytes(32))),
    port,
    pricePath,
    clockPath,
    tickMs: 200,
    ...(options.lock ? { lock: options.lock } : {}),
  }
  const errors: string[] = []
  let child: ChildProcess | undefined
  let closing = false
  const kills: KillPoint[] = []
  let chain: KillPoint[] = []
  let chainDone: Promise<void> = Promise.resolve()
  let finishChain: () => void = () => {}

  const start = (killAt?: KillPoint) =>
    new Promise<void>((resolve, reject) => {
      const proc = spawnDeskProcess(
        join(dir, 'desk.json'),
        { ...base, ...(killAt ? { killAt } : {}) },
        { listening: resolve, stderr: (text) => errors.push(text) },
      )
      child = proc
      proc.once('exit', (code, signal) => {
        if (closing) return
        if (signal === 'SIGKILL' && killAt) {
          kills.push(killAt)
          const next = chain.shift()
          start(next).then(() => {
            if (!next) finishChain()
          }, reject)
          // Killed before it listened: the caller goes on, the next run is on its way.
          resolve()
          return
        }
        reject(new Error(`the desk process exited (${signal ?? code}) before it listened`))
      })
    })

  await start()
  return {
    url: `http://127.0.0.1:${port}`,
    errors,
    setPrice: controls.setPrice,
    now: controls.now,
    advanceClock: controls.advanceClock,
    kills,
    async killAt(points) {
      chainDone = new Promise<void>((resolve) => {
        finishChain = resolve
      })
      chain = [...points]
      kills.length = 0
      // The running desk stops cleanly; the next one carries the first kill point.
      await stopChild()
      await start(chain.shift())
    },
    allKilled: () => chainDone,
    async close() {
      closing = true
      await stopChild()
    },
  }

  async function stopChild() {
    const proc = child
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return
    const exited = new Promise((resolve) => proc.once('exit', resolve))
    const wasClosing = closing
    closing = true
    proc.kill('SIGTERM')
    await exited
    closing = wasClosing
  }
}
