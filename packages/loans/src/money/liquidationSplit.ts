import { assertAmount, MSAT_PER_SAT } from '@btcfi/core'
import { assertAmountIn } from '../validate/assertAmountIn.js'
import { BPS, type Currency } from './constants.js'
import { ceilDiv, valueFraction } from './valueMsat.js'

export interface LiquidationParameters {
  /** The collateral the lender settles, in sat. */
  collateralSat: bigint
  /** Principal outstanding, in US cents or sat. */
  principal: bigint
  currency: Currency
  /** Interest accrued and not paid, msat. */
  arrearsMsat: bigint
  /** US cents per bitcoin at liquidation (ignored for `sat`). */
  centsPerBtc: bigint
  /** Liquidation penalty on the debt, basis points (500n is 5%). */
  penaltyBps: bigint
}

export interface LiquidationSplit {
  /** The debt at this price (principal rounded up to the msat, plus arrears). */
  debtMsat: bigint
  /** What the lender is owed: `(debt) × (1 + penalty)`, rounded up to the msat. */
  owedMsat: bigint
  /** What the lender keeps: owed, rounded up to the sat, capped at the collateral. */
  keepSat: bigint
  /** What goes back to the borrower: `collateralSat − keepSat`. */
  surplusSat: bigint
  /** What the collateral did not cover (0n unless the price fell below the debt + penalty). */
  shortfallMsat: bigint
}

/**
 * Splits settled collateral between lender and borrower, to the sat:
 * `keepSat + surplusSat === collateralSat`, and the lender keeps
 * `ceil((principal value + arrears) × (10_000 + penalty) / 10_000)`, rounded
 * once (up, to the sat), capped at the collateral.
 *
 * @example
 * // 1 BTC collateral, $50,000 debt, price fell to $55,000, 5% penalty
 * liquidationSplit({ collateralSat: 100_000_000n, principal: 5_000_000n, currency: 'USD', arrearsMsat: 0n, centsPerBtc: 5_500_000n, penaltyBps: 500n })
 * // keepSat 95_454_546n, surplusSat 4_545_454n
 */
export function liquidationSplit(parameters: LiquidationParameters): LiquidationSplit {
  const { collateralSat, principal, currency, arrearsMsat, centsPerBtc, penaltyBps } = parameters
  assertAmount(collateralSat, 'collateralSat')
  assertAmount(arrearsMsat, 'arrearsMsat')
  assertAmountIn(penaltyBps, 'penaltyBps', 0n, BPS)
  const { numerator, denominator } = valueFraction({ amount: principal, currency, centsPerBtc })
  // Debt in msat as `debt / denominator`, then × (BPS + penalty) / BPS, then / 1000 for sat: one rounding.
  const debt = numerator + arrearsMsat * denominator
  const owed = debt * (BPS + penaltyBps)
  const owedSat = ceilDiv(owed, denominator * BPS * MSAT_PER_SAT)
  const owedMsat = ceilDiv(owed, denominator * BPS)
  // Capped at the collateral (bigint compare, no float helper).
  let keepSat = owedSat
  if (keepSat > collateralSat) keepSat = collateralSat
  const collateralMsat = collateralSat * MSAT_PER_SAT
  return {
    debtMsat: ceilDiv(debt, denominator),
    owedMsat,
    keepSat,
    surplusSat: collateralSat - keepSat,
    shortfallMsat: owedMsat > collateralMsat ? owedMsat - collateralMsat : 0n,
  }
}
