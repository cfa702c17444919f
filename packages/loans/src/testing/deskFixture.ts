import { randomBytes } from 'node:crypto'
import type { LightningClient } from '@btcfi/sdk'
import { type Agent, type AgentParameters, createAgent } from '../agent/createAgent.js'

import { type RunningDesk, type StartDeskParameters, startDesk } from '../desk/startDesk.js'
import type { LoanEvent } from '../loan/LoanRecord.js'
import { type ScriptedOracle, scriptedOracle } from '../oracle/scriptedOracle.js'
import type { LoanStore } from '../store/LoanStore.js'
import { memoryLoanStore } from '../store/memoryLoanStore.js'
import { defaultTerms } from '../terms/defaultTerms.js'
import type { LoanTerms, LockTerms } from '../terms/LoanTerms.js'

/** A clock that stands still until moved: interest and deadlines become exact. */
export interface TestClock {
  now: () => number
  advance(ms: number): void
}

export function testClock(start = Date.now()): TestClock {
  let t = start
  return {
    now: () => t,
    advance(ms) {
      t += ms
    },
  }
}

export interface DeskFixture {
  running: RunningDesk
  agent: Agent
  oracle: ScriptedOracle
  clock: TestClock
  store: LoanStore
  /** The desk's secret (a v2 test derives the lender's escrow key from it, as the desk does). */
  secret: Uint8Array
  events: LoanEvent[]
  errors: string[]
  /**
   * Stops the desk and starts it again on the same store and secret (a desk
   * crash and restart); `whileDown` runs in between.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>
  close(): Promise<void>
}

/** Test terms: a $500 loan at $100,000/BTC locks 1,000,000 sat (fits the regtest channels). */
export const testTerms: LoanTerms = {
  ...defaultTerms,
  minPrincipal: 100n,
  maxPrincipal: 1_000_000n,
}

/**
 * Lock terms of a few blocks, for rollovers and deadlines driven by mining: a
 * 30-block period is the shortest that still pays the principal out safely
 * (it leaves the payment 24 blocks of final CLTV, lnd's least).
 */
export const shortLock: LockTerms = {
  periodBlocks: 30,
  holdExpiryDeltaBlocks: 18,
  safetyMarginBlocks: 3,
  rolloverLeadBlocks: 4,
  maxCltvExpiry: 2016,
}

/** A desk on `desk`'s node (scripted oracle at $100,000, a clock that stands still), and an agent on `borrower`'s. */
export async function deskFixture(
  desk: LightningClient,
  borrower: LightningClient,
  options: {
    terms?: LoanTerms
    store?: LoanStore
    deskOptions?: Partial<StartDeskParameters>
    /** The borrower agent's own options (e.g. `escrow` for protocol v2). */
    agentOptions?: Partial<AgentParameters>
  } = {},
): Promise<DeskFixture> {
  const clock = testClock()
  const oracle = scriptedOracle({ centsPerBtc: 10_000_000n, now: clock.now })
  const store = options.store ?? memoryLoanStore()
  const secret = new Uint8Array(randomBytes(32))
  const events: LoanEvent[] = []
  const errors: string[] = []
  const start = () =>
    startDesk({
      client: desk,
      store,
      oracle,
      secret,
      terms: options.terms ?? testTerms,
      now: clock.now,
      tickMs: 0,
      onEvent: (event) => events.push(event),
      onError: (error, context) => errors.push(`${context}: ${(error as Error).message}`),
      ...options.deskOptions,
    })
  const running = await start()
  const fixture: DeskFixture = {
    running,
    agent: createAgent({
      client: borrower,
      deskUrl: running.url,
      now: clock.now,
      ...options.agentOptions,
    }),
    oracle,
    clock,
    store,
    secret,
    events,
    errors,
    async restart(whileDown) {
      await fixture.running.close()
      await whileDown?.()
      fixture.running = await start()
      fixture.agent = createAgent({
        client: borrower,
        deskUrl: fixture.running.url,
        now: clock.now,
        ...options.agentOptions,
      })
    },
    async close() {
      await fixture.running.close()
    },
  }
  return fixture
}
