import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  accrueInterest,
  createDesk,
  defaultTerms,
  type LoanRecord,
  type LoanStore,
  ltvAtLeast,
  ltvBps,
  memoryLoanStore,
  scriptedOracle,
  sqliteLoanStore,
} from '@btcfi/loans'
import { createClient } from '@btcfi/sdk'
import { heapAfterGc } from '../measure/collectGarbage.js'
import { idleLoan } from './idleLoan.js'
import { offlineBackend } from './offlineBackend.js'

export interface LoanSweepOptions {
  loans: number
  ticks: number
  store: 'memory' | 'sqlite'
  log: (line: string) => void
}

export interface LoanSweepResult {
  loans: number
  store: 'memory' | 'sqlite'
  /** `desk.tick()` per price tick: list the active loans, re-price, accrue, act on LTV, save. */
  tickMs: number[]
  /** The same loans through the desk's pure money functions alone (accrual and LTV). */
  pureEvaluationMs: number[]
  /** Loans in margin call after the last tick. */
  marginCalls: number
  /** Heap per loan held by the store, idle, in bytes (memory store only). */
  heapBytesPerIdleLoan: number | undefined
  /** Time to fill the store, ms. */
  fillMs: number
  errors: number
}

/** The price of each tick: $100k, then down and up within 10%. */
const prices = [10_000_000n, 9_500_000n, 9_000_000n, 9_700_000n, 10_300_000n, 9_200_000n]

/**
 * The desk's per-tick path over `loans` active loans: `createDesk` on a
 * backend that answers only getInfo (no loan reaches its lock deadline or
 * liquidation, so no tick calls lnd), the store filled with idle loans, then
 * `desk.tick()` at each new price.
 */
export async function loanSweep(options: LoanSweepOptions): Promise<LoanSweepResult> {
  const { log } = options
  const dir = await mkdtemp(join(tmpdir(), 'btcfi-bench-loans-'))
  try {
    const heapBefore = heapAfterGc()
    const store: LoanStore =
      options.store === 'memory'
        ? memoryLoanStore()
        : await sqliteLoanStore({ path: join(dir, 'loans.db') })
    const now = Date.now()
    const fillStarted = performance.now()
    for (let i = 0; i < options.loans; i++) await store.saveLoan(idleLoan(i, now))
    const fillMs = performance.now() - fillStarted
    const heapBytesPerIdleLoan =
      options.store === 'memory' ? (heapAfterGc() - heapBefore) / options.loans : undefined
    log(`${options.loans} loans in the ${options.store} store (${(fillMs / 1000).toFixed(1)} s)`)
    const oracle = scriptedOracle({ centsPerBtc: prices[0]! })
    let errors = 0
    const desk = await createDesk({
      client: createClient({ backend: offlineBackend(1_000), network: 'regtest' }),
      store,
      oracle,
      secret: new Uint8Array(32).fill(7),
      terms: defaultTerms,
      tickMs: 0,
      // No node behind it: the desk does not watch streamed interest.
      streamedInterest: false,
      onError: () => {
        errors++
      },
    })
    const records = Array.from({ length: options.loans }, (_, i) => idleLoan(i, now))
    const tickMs: number[] = []
    const pureEvaluationMs: number[] = []
    for (let tick = 0; tick < options.ticks; tick++) {
      const centsPerBtc = prices[tick % prices.length]!
      oracle.set(centsPerBtc)
      const started = performance.now()
      await desk.tick()
      tickMs.push(performance.now() - started)
      pureEvaluationMs.push(pureEvaluation(records, centsPerBtc).ms)
      log(
        `loan sweep (${options.store}) tick ${tick + 1}/${options.ticks}: ${tickMs.at(-1)!.toFixed(0)} ms (pure ${pureEvaluationMs.at(-1)!.toFixed(0)} ms)`,
      )
    }
    const marginCalls = (await store.listLoans({ states: ['ACTIVE'] })).filter(
      (loan) => loan.marginCall !== undefined,
    ).length
    await desk.close()
    await store.close()
    return {
      loans: options.loans,
      store: options.store,
      tickMs,
      pureEvaluationMs,
      marginCalls,
      heapBytesPerIdleLoan,
      fillMs,
      errors,
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * Accrual (one minute) and the two LTV checks of each loan, as plain function
 * calls on the loans' numbers; returns the time and how many are at the margin call.
 */
function pureEvaluation(
  loans: readonly LoanRecord[],
  centsPerBtc: bigint,
): { ms: number; marginCalls: number } {
  const started = performance.now()
  let marginCalls = 0
  for (const loan of loans) {
    const { agreement } = loan
    const accrued = accrueInterest({
      principal: agreement.principal,
      currency: agreement.currency,
      aprBps: agreement.aprBps,
      elapsedMs: 60_000n,
      centsPerBtc,
      carry: loan.interest.carry,
    })
    const position = {
      principal: agreement.principal,
      currency: agreement.currency,
      arrearsMsat: accrued.msat,
      collateralSat: agreement.collateralSat,
      centsPerBtc,
    }
    if (ltvAtLeast(position, agreement.liquidationLtvBps)) continue
    if (ltvAtLeast(position, agreement.marginCallLtvBps) && ltvBps(position) !== null) marginCalls++
  }
  return { ms: performance.now() - started, marginCalls }
}
