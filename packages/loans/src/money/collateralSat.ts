import { SAT_PER_BTC } from '@btcfi/core'
import { assertAmountIn } from '../validate/assertAmountIn.js'
import { BPS, type Currency } from './constants.js'
import { assertCurrency, assertPrice, ceilDiv } from './valueMsat.js'

export interface CollateralParameters {
  /** US cents or sat. */
  principal: bigint
  currency: Currency
  /** US cents per bitcoin (ignored for `sat`). */
  centsPerBtc: bigint
  /** Loan-to-value at origination in basis points: 5_000n is 50%. */
  ltvBps: bigint
}

/**
 * The collateral a loan needs, in sat: `ceil(principal / (price × LTV))`,
 * the least number of sat whose value times the LTV covers the principal.
 * One exact division, rounded up (for the lender).
 *
 * USD: `ceil(cents × 10^8 × 10_000 / (centsPerBtc × ltvBps))`; sat: `ceil(sat × 10_000 / ltvBps)`.
 *
 * @example
 * // $50,000 at $100,000 per BTC and 50% LTV: 1 BTC
 * collateralSat({ principal: 5_000_000n, currency: 'USD', centsPerBtc: 10_000_000n, ltvBps: 5_000n }) // 100_000_000n
 */
export function collateralSat({
  principal,
  currency,
  centsPerBtc,
  ltvBps,
}: CollateralParameters): bigint {
  assertAmountIn(principal, 'principal', 1n)
  assertCurrency(currency)
  assertAmountIn(ltvBps, 'ltvBps', 1n, BPS)
  if (currency === 'sat') return ceilDiv(principal * BPS, ltvBps)
  assertPrice(centsPerBtc)
  return ceilDiv(principal * SAT_PER_BTC * BPS, centsPerBtc * ltvBps)
}
