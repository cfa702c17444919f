import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Hex } from '@btcfi/core'
import type { NodeHandle } from '@btcfi/regtest'
import { isLoanError } from '../errors/LoanError.js'
import type { EscrowStatus } from '../escrow/createEscrowAgent.js'
import { escrowClient } from '../escrow/escrowClient.js'
import { spawnEscrowAgent } from '../escrow/testing/spawnEscrowAgent.js'
import { retryTransient } from './retryTransient.js'

/** The agent's price from a moment on (the agent's clock): `undefined` while its sources fail. */
interface PricePoint {
  atMs: number
  centsPerBtc: bigint | undefined
}

/**
 * The escrow agent of a v2 chaos seed: a process of its own
 * (`spawnEscrowAgent`, on a SQLite file), its chain read from carol's node,
 * its price and clock set by the runner. Its price follows the desk's
 * oracle unless the plan sets it apart; its clock is the desk's loan clock
 * plus a skew the plan moves ahead. Every price it was given is kept, on its
 * own clock, to check each release on a price it really saw.
 */
export interface ChaosEscrow {
  readonly url: string
  readonly pubkey: Hex
  /** True while the agent process listens (false from a kill to its restart). */
  readonly up: boolean
  /**
   * SIGKILL; started again `downMs` later. Resolves once it listens again
   * (kills wait their turn; one asked after `close` does nothing).
   */
  kill(downMs: number): Promise<void>
  /** Resolves once no kill is under way. */
  settled(): Promise<void>
  /** The desk's oracle price moved: the agent's moves with it while it follows. */
  deskPrice(centsPerBtc: bigint): void
  /** A price of the agent's own (`none`: its sources fail), or back to the desk's (`follow`). */
  setPrice(price: bigint | 'none' | 'follow'): void
  /** The agent's price now (`undefined`: none). */
  readonly price: bigint | undefined
  /** The desk's loan clock moved to `deskNowMs`: the agent's is that plus its skew. */
  syncClock(deskNowMs: number): void
  /** The agent's clock goes `ms` further ahead of the desk's. */
  skewClock(ms: number, deskNowMs: number): void
  /** The prices the agent was given between `fromMs` and `toMs` of its own clock. */
  pricesBetween(fromMs: number, toMs: number): (bigint | undefined)[]
  /** The agent's status of a lock (`undefined`: it holds no such lock); waits for a killed agent. */
  status(paymentHash: Hex): Promise<EscrowStatus | undefined>
  /** What the agent processes wrote to stderr. */
  readonly errors: string[]
  close(): Promise<void>
}

export async function startChaosEscrow(
  node: NodeHandle,
  dir: string,
  startPrice: bigint,
): Promise<ChaosEscrow> {
  const home = join(dir, 'escrow')
  mkdirSync(home, { recursive: true })
  const agent = await spawnEscrowAgent({ node, dir: home, centsPerBtc: startPrice })
  const client = escrowClient({ url: agent.url, timeoutMs: 5_000 })
  let up = true
  let closed = false
  let queue: Promise<void> = Promise.resolve()
  let deskCents = startPrice
  let own: bigint | 'none' | undefined
  /** The agent's clock minus the wall clock, ms. */
  let offsetMs = 0
  let skewMs = 0
  const timeline: PricePoint[] = [{ atMs: 0, centsPerBtc: startPrice }]
  const current = () => (own === undefined ? deskCents : own === 'none' ? undefined : own)
  const writePrice = () => {
    const price = current()
    if (timeline.at(-1)!.centsPerBtc === price) return
    timeline.push({ atMs: Date.now() + offsetMs, centsPerBtc: price })
    agent.setPrice(price)
  }
  const syncClock = (deskNowMs: number) => {
    agent.setClock(deskNowMs + skewMs)
    offsetMs = deskNowMs + skewMs - Date.now()
  }
  const restart = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        await agent.restart()
        return
      } catch (error) {
        if (attempt >= 3) throw error
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
    }
  }

  return {
    url: agent.url,
    pubkey: agent.pubkey,
    get up() {
      return up
    },
    get errors() {
      return agent.errors
    },
    get price() {
      return current()
    },
    kill(downMs) {
      const done = queue.then(async () => {
        if (closed) return
        up = false
        await agent.kill('SIGKILL')
        await new Promise((resolve) => setTimeout(resolve, downMs))
        await restart()
        up = true
      })
      queue = done.catch(() => undefined)
      return done
    },
    settled: () => queue,
    deskPrice(centsPerBtc) {
      deskCents = centsPerBtc
      writePrice()
    },
    setPrice(price) {
      own = price === 'follow' ? undefined : price
      writePrice()
    },
    syncClock,
    skewClock(ms, deskNowMs) {
      skewMs += ms
      syncClock(deskNowMs)
    },
    pricesBetween(fromMs, toMs) {
      return timeline
        .filter((p, i) => p.atMs <= toMs && (timeline[i + 1]?.atMs ?? Infinity) >= fromMs)
        .map((p) => p.centsPerBtc)
    },
    async status(paymentHash) {
      try {
        return await retryTransient(() => client.status(paymentHash), 30_000)
      } catch (error) {
        if (isLoanError(error) && error.reason === 'NOT_FOUND') return undefined
        throw error
      }
    },
    async close() {
      closed = true
      await queue
      await agent.close()
    },
  }
}
