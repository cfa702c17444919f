import type { LoanTerms } from './LoanTerms.js'

/**
 * Usual terms (lightning-facts.md "loan norms"): 50% LTV, margin call at 80%,
 * liquidation at 90%, 12% APR, 5% penalty, a routing fee of at most 0.5% for the principal, 30 days, daily interest with a day
 * of grace, quotes good for 60 s; a lock period of 3 days (432 blocks).
 */
export const defaultTerms: LoanTerms = {
  currency: 'USD',
  minPrincipal: 100n,
  maxPrincipal: 100_000_000n,
  ltvBps: 5_000n,
  marginCallLtvBps: 8_000n,
  liquidationLtvBps: 9_000n,
  aprBps: 1_200n,
  penaltyBps: 500n,
  disbursementFeeLimitBps: 50n,
  termSeconds: 30 * 86_400,
  interestIntervalSeconds: 86_400,
  gracePeriodSeconds: 86_400,
  quoteTtlSeconds: 60,
  oracle: { sources: ['coinbase', 'kraken', 'bitstamp'], maxStalenessSeconds: 120 },
  lock: {
    periodBlocks: 432,
    holdExpiryDeltaBlocks: 18,
    safetyMarginBlocks: 12,
    rolloverLeadBlocks: 72,
    maxCltvExpiry: 2016,
  },
}
