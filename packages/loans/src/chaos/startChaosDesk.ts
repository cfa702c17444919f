import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bytesToHex } from '@btcfi/core'
import type { NodeHandle } from '@btcfi/regtest'
import type { AcceptedEscrowAgent } from '../desk/deskEscrow.js'
import type { LoanEvent, LoanRecord } from '../loan/LoanRecord.js'
import { fromStoreJson } from '../store/storeJson.js'
import { freePort } from '../testing/freePort.js'
import type { KillPoint } from '../testing/killingStore.js'

const script = fileURLToPath(new URL('./chaosDeskProcess.ts', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))

/** What the desk process is started with (a JSON file). */
export interface ChaosDeskConfig {
  restUrl: string
  /** hex */
  macaroon: string
  /** PEM */
  cert: string
  dbPath: string
  /** The desk secret, hex. */
  secret: string
  port: number
  /** The control file: price and clock. */
  controlPath: string
  tickMs: number
  killAt?: KillPoint
  /** Protocol v2: the escrow agents the desk accepts (`escrow` of `startDesk`). */
  escrow?: { agents: AcceptedEscrowAgent[]; disputeWindowMs: number; retryMs: number }
}

/** The control file the desk process reads at each price and clock reading. */
export interface ChaosDeskControl {
  /** US cents per BTC, or null while the oracle is down. */
  centsPerBtc: string | null
  /** The loan clock's offset from the wall clock, ms. */
  offsetMs: number
}

/** Every loan of the desk's store and their events, as stored. */
export interface DeskBook {
  loans: LoanRecord[]
  events: LoanEvent[]
}

/**
 * A desk process under a supervisor: started again whenever it dies (after
 * the down time the fault asked for), on the same SQLite file, secret and
 * port. The runner moves its price and clock, takes its oracle away, kills it.
 */
export interface ChaosDesk {
  readonly url: string
  /** True while a desk process listens. */
  readonly up: boolean
  /** The loan clock (the desk's and the borrower's), ms. */
  now(): number
  advance(ms: number): void
  setPrice(centsPerBtc: bigint): void
  /** The oracle stops answering (false) or answers again (true). */
  setOracle(up: boolean): void
  readonly oracleUp: boolean
  /** SIGKILL now; started again `downMs` later. */
  kill(downMs: number): void
  /** Restarts the desk armed to SIGKILL itself at `point`; started again `downMs` after it did. */
  killAt(point: KillPoint, downMs: number): Promise<void>
  /** Resolves once a desk process listens. */
  waitUp(timeoutMs?: number): Promise<void>
  /** The store's loans and events, read by the running desk process. */
  book(): Promise<DeskBook>
  /** Resolves when the desk has no background step running. */
  idle(): Promise<void>
  /** Processes that ended without being asked to (their exit code or signal). */
  readonly crashes: string[]
  /** What the desk processes wrote to stderr (background errors), newest last. */
  readonly errors: string[]
  /** How many lines the desk processes wrote to stderr so far (a mark for `errorsSince`). */
  readonly errorCount: number
  /** The stderr lines written since `mark` (those still kept). */
  errorsSince(mark: number): string[]
  /** The oracle's price (also while the oracle is down: the one it answers when up again). */
  readonly price: bigint
  close(): Promise<void>
}

export async function startChaosDesk(
  node: NodeHandle,
  dir: string,
  startPrice: bigint,
  options: { escrow?: ChaosDeskConfig['escrow'] } = {},
): Promise<ChaosDesk> {
  const port = await freePort()
  const controlPath = join(dir, 'control.json')
  const control: ChaosDeskControl = { centsPerBtc: startPrice.toString(), offsetMs: 0 }
  let price = startPrice
  const writeControl = () => {
    const tmp = `${controlPath}.tmp`
    writeFileSync(tmp, JSON.stringify(control))
    renameSync(tmp, controlPath)
  }
  writeControl()
  const base: Omit<ChaosDeskConfig, 'killAt'> = {
    restUrl: node.restUrl,
    macaroon: node.macaroons.admin,
    cert: node.tlsCert,
    dbPath: join(dir, 'desk.db'),
    secret: bytesToHex(new Uint8Array(randomBytes(32))),
    port,
    controlPath,
    tickMs: 200,
    ...(options.escrow && { escrow: options.escrow }),
  }
  const errors: string[] = []
  let errorCount = 0
  const crashes: string[] = []
  let child: ChildProcess | undefined
  // Processes the supervisor stops on purpose (not started again on exit).
  const stopping = new WeakSet<ChildProcess>()
  let listening = false
  let closing = false
  let restartTimer: NodeJS.Timeout | undefined
  let nextDownMs: number | undefined
  let armedDownMs = 0
  let requests = 0
  const replies = new Map<number, { resolve: (data: string) => void; reject: (e: Error) => void }>()

  const start = (killAt?: KillPoint) => {
    const configPath = join(dir, 'desk.json')
    writeFileSync(configPath, JSON.stringify({ ...base, ...(killAt ? { killAt } : {}) }), {
      mode: 0o600,
    })
    const proc = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', script, configPath],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
    )
    child = proc
    proc.stderr?.on('data', (chunk: Buffer) => {
      const lines = chunk.toString().trim().split('\n')
      errorCount += lines.length
      errors.push(...lines)
      if (errors.length > 500) errors.splice(0, errors.length - 500)
    })
    proc.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('"url"')) listening = true
    })
    proc.on('message', (message: { id: number; data?: string; error?: string }) => {
      const reply = replies.get(message.id)
      replies.delete(message.id)
      if (message.error !== undefined) reply?.reject(new Error(message.error))
      else reply?.resolve(message.data ?? '{}')
    })
    proc.once('exit', (code, signal) => {
      if (child === proc) {
        child = undefined
        listening = false
      }
      for (const [id, reply] of replies) {
        replies.delete(id)
        reply.reject(new Error('the desk process exited'))
      }
      if (closing || stopping.has(proc)) return
      const killed = signal === 'SIGKILL'
      // Killed by the runner (its down time), by itself at its kill point (the armed one), or a crash.
      const downMs = nextDownMs ?? (killed && killAt ? armedDownMs : 500)
      if (!killed) crashes.push(`exited ${signal ?? code}`)
      nextDownMs = undefined
      restartTimer = setTimeout(() => {
        restartTimer = undefined
        if (!closing) start()
      }, downMs)
    })
  }

  const stopChild = async () => {
    const proc = child
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return
    stopping.add(proc)
    const exited = new Promise((resolve) => proc.once('exit', resolve))
    proc.kill('SIGTERM')
    // A desk whose close() hangs is killed after a while.
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }

  const desk: ChaosDesk = {
    url: `http://127.0.0.1:${port}`,
    get up() {
      return listening
    },
    get crashes() {
      return crashes
    },
    get errors() {
      return errors
    },
    get errorCount() {
      return errorCount
    },
    errorsSince(mark) {
      return errors.slice(Math.max(0, errors.length - (errorCount - mark)))
    },
    get price() {
      return price
    },
    get oracleUp() {
      return control.centsPerBtc !== null
    },
    now: () => Date.now() + control.offsetMs,
    advance(ms) {
      control.offsetMs += ms
      writeControl()
    },
    setPrice(centsPerBtc) {
      price = centsPerBtc
      if (control.centsPerBtc !== null) control.centsPerBtc = price.toString()
      writeControl()
    },
    setOracle(up) {
      control.centsPerBtc = up ? price.toString() : null
      writeControl()
    },
    kill(downMs) {
      if (!child) return
      nextDownMs = downMs
      child.kill('SIGKILL')
    },
    async killAt(point, downMs) {
      await desk.waitUp()
      await stopChild()
      armedDownMs = downMs
      start(point)
      await desk.waitUp()
    },
    async waitUp(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs
      // Up: listening, and its channel open (a desk killed a moment ago may not have had its exit seen yet).
      while (!listening || !child?.connected) {
        if (Date.now() > deadline) throw new Error(`the desk is not up after ${timeoutMs} ms`)
        if (!child && !restartTimer && !closing) start()
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    },
    async book() {
      return fromStoreJson<DeskBook>(await request('book'))
    },
    async idle() {
      await request('idle')
    },
    async close() {
      closing = true
      if (restartTimer) clearTimeout(restartTimer)
      await stopChild()
    },
  }

  function request(op: 'book' | 'idle'): Promise<string> {
    const proc = child
    if (!proc || !listening || !proc.connected) return Promise.reject(new Error('the desk is down'))
    const id = ++requests
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        replies.delete(id)
        reject(new Error(`the desk did not answer ${op}`))
      }, 30_000)
      replies.set(id, {
        resolve: (data) => {
          clearTimeout(timer)
          resolve(data)
        },
        reject: (error) => {
          clearTimeout(timer)
          reject(error)
        },
      })
      // A desk that dies meanwhile (a kill of the plan) closes the channel: that
      // request fails like any to a desk that is down, never as an uncaught error.
      proc.send({ id, op }, (error) => {
        if (!error) return
        replies.get(id)?.reject(new Error('the desk is down', { cause: error }))
        replies.delete(id)
      })
    })
  }

  start()
  await desk.waitUp()
  return desk
}
