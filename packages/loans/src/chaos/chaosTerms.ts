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
