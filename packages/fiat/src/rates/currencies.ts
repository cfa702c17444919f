import { FiatError } from '../errors/FiatError.js'

/**
 * The currencies the built-in sources quote, with their ISO 4217 minor-unit
 * exponent: a rate is kept in the currency's minor units (cents, pence, yen)
 * per bitcoin.
 */
export const currencyDecimals = {
  USD: 2,
  EUR: 2,
  GBP: 2,
  CHF: 2,
  CAD: 2,
  AUD: 2,
  JPY: 0,
} as const

export type Currency = keyof typeof currencyDecimals

/** The minor-unit exponent of `currency`, or CURRENCY_UNSUPPORTED. */
export function decimalsOf(currency: string): number {
  if (!Object.hasOwn(currencyDecimals, currency))
    throw new FiatError(
      'CURRENCY_UNSUPPORTED',
      `No rate source quotes ${String(currency).slice(0, 8)}.`,
    )
  return currencyDecimals[currency as Currency]
}
