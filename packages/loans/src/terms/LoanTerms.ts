import type { Currency } from '../money/constants.js'

/** How long the collateral lock lasts and when the desk acts on it, in blocks. */
export interface LockTerms {
  /** Blocks a lock must stay usable to the desk before a rollover or a default (e.g. 432: 3 days). */
  periodBlocks: number
  /** lnd's `--invoices.holdexpirydelta`: it cancels a held invoice this many blocks before the lowest HTLC expiry (18 on lnd ≥ 0.21). */
  holdExpiryDeltaBlocks: number
  /** The desk settles (default) at least this many blocks before lnd would cancel. */
  safetyMarginBlocks: number
  /** A rollover lock is asked for this many blocks before the safe deadline. */
  rolloverLeadBlocks: number
  /** The payer's `--max-cltv-expiry` (lnd's default 2016): the lock's CLTV budget. */
  maxCltvExpiry: number
}

/** What the desk offers, the same for every borrower. */
export interface LoanTerms {
  currency: Currency
  /** Smallest and largest principal, in US cents or sat. */
  minPrincipal: bigint
  maxPrincipal: bigint
  /** Loan-to-value at origination, basis points (5_000n: 50%). */
  ltvBps: bigint
  /** A margin call at this LTV (8_000n: 80%). */
  marginCallLtvBps: bigint
  /** Liquidation at this LTV (9_000n: 90%). */
  liquidationLtvBps: bigint
  /** Annual interest, basis points (1_200n: 12%). */
  aprBps: bigint
  /** Liquidation penalty on the debt, basis points (500n: 5%). */
  penaltyBps: bigint
  /**
   * The most routing fee the desk pays to deliver the principal, basis points
   * of it (50n: 0.5%; at least 10 sat). The borrower owes the fee paid with
   * the principal: a payee who routes it through a node of his own gains nothing.
   */
  disbursementFeeLimitBps: bigint
  /** Loan term, seconds: unpaid at its end is a default. */
  termSeconds: number
  /** Interest falls due at the end of each interval, seconds. */
  interestIntervalSeconds: number
  /** Interest unpaid this long after it fell due is a default, seconds. */
  gracePeriodSeconds: number
  /** A quote holds this long, seconds. */
  quoteTtlSeconds: number
  /** The oracle's sources and how old a price may be (the desk refuses an older price). */
  oracle: { sources: string[]; maxStalenessSeconds: number }
  lock: LockTerms
}
