import { assertAmount, InvalidArgumentError, MSAT_PER_BTC, MSAT_PER_SAT } from '@btcfi/core'
import type { Currency } from './constants.js'

export interface ValueParameters {
  /** In the currency's minor unit: US cents, or sat. */
  amount: bigint
  currency: Currency
  /** US cents per bitcoin (10_000_000n is $100,000); unused for `sat`. */
  centsPerBtc: bigint
}

/** Asserts a price: a positive bigint of US cents per bitcoin. */
export function assertPrice(
  centsPerBtc: unknown,
  name = 'centsPerBtc',
): asserts centsPerBtc is bigint {
  assertAmount(centsPerBtc, name, { min: 1n })
}

export function assertCurrency(currency: unknown): asserts currency is Currency {
  if (currency !== 'USD' && currency !== 'sat') {
    throw new InvalidArgumentError('currency', "'USD' or 'sat'")
  }
}

/**
 * What an amount is worth in msat, as an exact fraction `numerator / denominator`:
 * the one place the price divides, so that callers round once.
 * USD: `cents × 10^11 / centsPerBtc`; sat: `sat × 1000 / 1`.
 */
export function valueFraction({ amount, currency, centsPerBtc }: ValueParameters): {
  numerator: bigint
  denominator: bigint
} {
  assertAmount(amount, 'amount')
  assertCurrency(currency)
  if (currency === 'sat') return { numerator: amount * MSAT_PER_SAT, denominator: 1n }
  assertPrice(centsPerBtc)
  return { numerator: amount * MSAT_PER_BTC, denominator: centsPerBtc }
}

/** `a / b` rounded up, for non-negative `a` and positive `b`. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b
}

/**
 * An amount in msat at a price, rounded `floor` (what a lender pays out:
 * never more than the amount is worth) or `ceil` (what a lender asks for:
 * never less).
 *
 * @example
 * valueMsat({ amount: 5_000_000n, currency: 'USD', centsPerBtc: 10_000_000n }, 'floor') // 50_000_000_000n ($50,000 at $100,000 = 0.5 BTC)
 */
export function valueMsat(parameters: ValueParameters, rounding: 'floor' | 'ceil'): bigint {
  const { numerator, denominator } = valueFraction(parameters)
  return rounding === 'floor' ? numerator / denominator : ceilDiv(numerator, denominator)
}
