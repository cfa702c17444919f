import type { LoanTerms } from '../terms/LoanTerms.js'
import { shortLock, testTerms } from '../testing/deskFixture.js'

/** US cents per BTC the chaos runs start at ($100,000). */
export const CHAOS_BASE_PRICE = 10_000_000n

/**
 * The desk's terms in a chaos run: the test terms with a 30-block lock
 * period (the shortest that still pays the principal out safely), so that a
 * rollover takes about 30 mined blocks, and a rollover lead of 6 blocks.
 */
export const chaosTerms: LoanTerms = {
  ...testTerms,
  lock: { ...shortLock, rolloverLeadBlocks: 6 },
}

/**
 * v2: how long a borrower has to answer a default the desk claims, on the
 * escrow agent's clock (6 h of the loan clock: a step or two of the plan's
 * clock moves pass it).
 */
export const CHAOS_DISPUTE_WINDOW_MS = 6 * 3_600_000

/** v2: how soon the desk asks the escrow agent again after a refused release (loan clock, ms). */
export const CHAOS_ESCROW_RETRY_MS = 300
