import { assertAmount, InvalidArgumentError } from '@btcfi/core'

/** msat in one bitcoin. */
const MSAT_PER_BTC = 100_000_000_000n

/**
 * Which way a conversion rounds when it does not come out whole: `down`
 * (towards zero), `up` (away from zero), or `half-even` (to the nearest,
 * ties to even: banker's rounding). Name the one that favours the right side:
 * a price asked of a buyer rounds `up` in msat, an amount shown as received
 * rounds `down`.
 */
export type Rounding = 'down' | 'up' | 'half-even'

/** A rate as `convert` needs it: minor units of the currency per bitcoin. */
export interface RateLike {
  minorPerBtc: bigint
}

function divide(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  const quotient = numerator / denominator
  const remainder = numerator % denominator
  if (remainder === 0n) return quotient
  if (rounding === 'down') return quotient
  if (rounding === 'up') return quotient + 1n
  if (rounding !== 'half-even')
    throw new InvalidArgumentError('rounding', "'down', 'up' or 'half-even'")
  const twice = remainder * 2n
  if (twice > denominator) return quotient + 1n
  if (twice < denominator) return quotient
  return quotient % 2n === 0n ? quotient : quotient + 1n
}

function assertRate(rate: RateLike) {
  if (typeof rate !== 'object' || rate === null) throw new InvalidArgumentError('rate', 'a rate')
  assertAmount(rate.minorPerBtc, 'rate.minorPerBtc', { min: 1n })
}

/**
 * msat to the currency's minor units (cents for USD), exactly: bigint all
 * the way, rounded the way `rounding` names.
 *
 * @example
 * msatToFiat(21_000_000n, { minorPerBtc: 9_712_345n }, 'down') // 2_039n: 21,000 sat is $20.39 at $97,123.45
 */
export function msatToFiat(msat: bigint, rate: RateLike, rounding: Rounding): bigint {
  assertAmount(msat, 'msat')
  assertRate(rate)
  return divide(msat * rate.minorPerBtc, MSAT_PER_BTC, rounding)
}

/**
 * The currency's minor units to msat, exactly, rounded the way `rounding`
 * names (to bill 5.00 USD, round `up`: the buyer never pays less than the price).
 *
 * @example
 * fiatToMsat(500n, { minorPerBtc: 9_712_345n }, 'up') // 5_148_088n: $5.00 is 5,148.088 sat
 */
export function fiatToMsat(minor: bigint, rate: RateLike, rounding: Rounding): bigint {
  assertAmount(minor, 'minor')
  assertRate(rate)
  return divide(minor * MSAT_PER_BTC, rate.minorPerBtc, rounding)
}
