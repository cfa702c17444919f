import { assertAmount, MSAT_PER_SAT } from '@btcfi/core'
import { BPS, type Currency } from './constants.js'
import { assertPrice, valueFraction } from './valueMsat.js'

export interface DebtPosition {
  /** Principal outstanding, in US cents or sat. */
  principal: bigint
  currency: Currency
  /** Interest accrued and not paid, in msat. */
  arrearsMsat: bigint
  /** Collateral held, in sat. */
  collateralSat: bigint
  /** US cents per bitcoin now (ignored for `sat` loans). */
  centsPerBtc: bigint
}

/**
 * Debt and collateral value on one scale (msat × the price's denominator),
 * exactly: LTV = `debt / collateral`.
 */
function ratio(position: DebtPosition): { debt: bigint; collateral: bigint } {
  const { principal, currency, arrearsMsat, collateralSat, centsPerBtc } = position
  assertAmount(arrearsMsat, 'arrearsMsat')
  assertAmount(collateralSat, 'collateralSat')
  if (currency === 'USD') assertPrice(centsPerBtc)
  const { numerator, denominator } = valueFraction({ amount: principal, currency, centsPerBtc })
  return {
    debt: numerator + arrearsMsat * denominator,
    collateral: collateralSat * MSAT_PER_SAT * denominator,
  }
}

/**
 * The loan-to-value ratio in basis points, rounded down; `null` with no collateral.
 *
 * @example
 * ltvBps({ principal: 5_000_000n, currency: 'USD', arrearsMsat: 0n, collateralSat: 100_000_000n, centsPerBtc: 6_250_000n }) // 8_000n
 */
export function ltvBps(position: DebtPosition): bigint | null {
  const { debt, collateral } = ratio(position)
  return collateral === 0n ? null : (debt * BPS) / collateral
}

/**
 * True when the LTV is at or above `thresholdBps`, compared exactly (no rounded LTV):
 * `debt × 10_000 ≥ threshold × collateral`. A loan with no collateral is above any threshold.
 */
export function ltvAtLeast(position: DebtPosition, thresholdBps: bigint): boolean {
  assertAmount(thresholdBps, 'thresholdBps', { min: 1n })
  const { debt, collateral } = ratio(position)
  return debt * BPS >= thresholdBps * collateral
}
