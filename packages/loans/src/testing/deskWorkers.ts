import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { bytesToHex } from '@btcfi/core'
import type { NodeHandle } from '@btcfi/regtest/vitest'
import type { LockTerms } from '../terms/LoanTerms.js'
import { deskControls } from './deskControls.js'
import type { DeskProcessConfig } from './deskProcess.js'
import { freePort } from './freePort.js'
import type { KillPoint } from './killingStore.js'
import { roundRobinProxy } from './roundRobinProxy.js'
import { spawnDeskProcess } from './spawnDeskProcess.js'

/** A worker's death at a kill point. */
export interface WorkerKill {
  point: KillPoint
  /** Which worker died (0-based). */
  worker: number
  /** When its process was seen dead (wall clock, ms). */
  atMs: number
}

/**
 * Several desk workers, each a process with its own HTTP server, on one
 * PostgreSQL book and one node, behind a round-robin front (`url`), as a
 * lender would run them. `killAt` arms a chain of kill points: the first
 * worker to reach a point dies (SIGKILL), and the next point is armed. A
 * dead worker is started again at once, or (`restart: 'later'`) left down
 * until `restartDead()`, so that what it left is seen to be finished by the
 * others.
 */
export interface DeskWorkers {
  url: string
  setPrice(centsPerBtc: bigint): void
  /** Moves the workers' loan clock forward. */
  advanceClock(ms: number): void
  now: () => number
  killAt(points: readonly KillPoint[], options?: { restart?: 'at-once' | 'later' }): void
  /** Resolves once every armed point killed a worker (and, at once, it is back up). */
  allKilled(): Promise<void>
  kills: WorkerKill[]
  /** How many workers are up. */
  alive(): number
  /** Starts the dead workers again. */
  restartDead(): Promise<void>
  errors: string[]
  close(): Promise<void>
}

export async function deskWorkers(
  node: NodeHandle,
  dir: string,
  options: { count: number; postgres: { url: string; schema: string }; lock?: LockTerms },
): Promise<DeskWorkers> {
  const controls = deskControls(dir)
  const { pricePath, clockPath } = controls
  const killFile = join(dir, 'kill.json')
  const secret = bytesToHex(new Uint8Array(randomBytes(32)))
  const errors: string[] = []
  const kills: WorkerKill[] = []
  const children: (ChildProcess | undefined)[] = []
  const ports: number[] = []
  let closing = false
  let chain: KillPoint[] = []
  let armed: KillPoint | undefined
  let restart: 'at-once' | 'later' = 'at-once'
  let finishChain: () => void = () => {}
  let chainDone: Promise<void> = Promise.resolve()

  const arm = (point: KillPoint | undefined) => {
    armed = point
    if (point) writeFileSync(killFile, JSON.stringify(point))
    else if (existsSync(killFile)) rmSync(killFile)
  }

  const start = (index: number) =>
    new Promise<void>((resolve, reject) => {
      const config: DeskProcessConfig = {
        restUrl: node.restUrl,
        macaroon: node.macaroons.admin,
        cert: node.tlsCert,
        postgres: options.postgres,
        secret,
        port: ports[index]!,
        pricePath,
        clockPath,
        tickMs: 200,
        killFile,
        ...(options.lock ? { lock: options.lock } : {}),
      }
      const proc = spawnDeskProcess(join(dir, `worker-${index}.json`), config, {
        listening: resolve,
        stderr: (text) => errors.push(`worker ${index}: ${text}`),
      })
      children[index] = proc
      proc.once('exit', (code, signal) => {
        children[index] = undefined
        if (closing) return
        if (signal === 'SIGKILL' && armed) {
          kills.push({ point: armed, worker: index, atMs: Date.now() })
          arm(chain.shift())
          const done = !armed
          const back = restart === 'at-once' ? start(index) : Promise.resolve()
          back.then(() => {
            if (done) finishChain()
          }, reject)
          resolve()
          return
        }
        reject(new Error(`worker ${index} exited (${signal ?? code}) before it listened`))
      })
    })

  for (let i = 0; i < options.count; i++) ports.push(await freePort())
  await Promise.all(ports.map((_, i) => start(i)))
  const proxy = await roundRobinProxy(() => ports.map((port) => `http://127.0.0.1:${port}`))

  return {
    url: proxy.url,
    errors,
    kills,
    setPrice: controls.setPrice,
    now: controls.now,
    advanceClock: controls.advanceClock,
    killAt(points, { restart: when = 'at-once' } = {}) {
      restart = when
      kills.length = 0
      chain = [...points]
      chainDone = new Promise<void>((resolve) => {
        finishChain = resolve
      })
      arm(chain.shift())
    },
    allKilled: () => chainDone,
    alive: () => children.filter((c) => c !== undefined).length,
    async restartDead() {
      await Promise.all(children.map((c, i) => (c === undefined ? start(i) : undefined)))
    },
    async close() {
      closing = true
      arm(undefined)
      await proxy.close()
      await Promise.all(
        children.map(async (proc) => {
          if (!proc || proc.exitCode !== null || proc.signalCode !== null) return
          const exited = new Promise((resolve) => proc.once('exit', resolve))
          proc.kill('SIGTERM')
          await exited
        }),
      )
    },
  }
}
