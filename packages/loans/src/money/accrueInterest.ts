import { assertAmount, MSAT_PER_BTC, MSAT_PER_SAT } from '@btcfi/core'
import { BPS, type Currency, YEAR_MS } from './constants.js'
import { assertPrice } from './valueMsat.js'

export interface AccrueInterestParameters {
  /** Principal in US cents or sat. */
  principal: bigint
  currency: Currency
  /** Annual rate in basis points: 1_200n is 12%. */
  aprBps: bigint
  /** Time since the last accrual, ms. */
  elapsedMs: bigint
  /** US cents per bitcoin now: the interest of a USD loan is converted at it (ignored for `sat`). */
  centsPerBtc: bigint
  /** What earlier accruals left over: less than 1 msat of value (see `carry`). Start at 0n. */
  carry: bigint
}

export interface AccruedInterest {
  /** Whole msat accrued in this step. */
  msat: bigint
  /**
   * The remainder, in a unit that does not depend on the price:
   * `1 / (10_000 × YEAR_MS)` of an msat (sat loans) or of a cent × 10^11 / BTC
   * (USD loans). Pass it to the next step: nothing is lost or counted twice.
   */
  carry: bigint
}

/**
 * Simple interest, `principal × aprBps × elapsed / (10_000 × year)`, in whole
 * msat, with the remainder carried to the next step: however the time is cut
 * into steps, the msat add up to the same total (at a constant price), exactly
 * `floor` of the one-step amount. For a USD loan, each step's interest (in
 * cents) is converted at that step's price; what is carried is value, not msat,
 * so a price change neither creates nor loses any of it.
 *
 * @example
 * let carry = 0n
 * const step = accrueInterest({ principal: 1_000_000n, currency: 'sat', aprBps: 1_000n, elapsedMs: 3_600_000n, centsPerBtc: 0n, carry })
 * carry = step.carry // step.msat is 11_415n (0.1 × 1e9 msat × 1 h / 8760 h)
 */
export function accrueInterest(parameters: AccrueInterestParameters): AccruedInterest {
  const { principal, currency, aprBps, elapsedMs, centsPerBtc, carry } = parameters
  assertAmount(principal, 'principal')
  assertAmount(aprBps, 'aprBps')
  assertAmount(elapsedMs, 'elapsedMs')
  assertAmount(carry, 'carry')
  // principal scaled so that `scaled × aprBps × ms` is in units of 1 / (BPS × YEAR_MS) of
  // (sat loans) an msat, (USD loans) a cent × MSAT_PER_BTC; one msat is `perMsat` units.
  const usd = currency === 'USD'
  if (usd) assertPrice(centsPerBtc)
  const scaled = usd ? principal * MSAT_PER_BTC : principal * MSAT_PER_SAT
  const perMsat = (usd ? centsPerBtc : 1n) * BPS * YEAR_MS
  const units = carry + scaled * aprBps * elapsedMs
  const msat = units / perMsat
  return { msat, carry: units - msat * perMsat }
}
