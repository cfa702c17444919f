import { parseDecimal } from '@btcfi/fiat'
import { LoanError } from '../errors/LoanError.js'

/**
 * A decimal USD price such as `"97123.45"` or `"97123.40000"` to cents, exactly
 * (no float), rounded half up to the cent (@btcfi/fiat's `parseDecimal`).
 * Refuses anything else.
 *
 * @example
 * parseUsdCents('97123.455', 'kraken') // 9_712_346n
 */
export function parseUsdCents(text: unknown, source: string): bigint {
  const cents = parseDecimal(text, 2)
  if (cents === undefined) {
    throw new LoanError('PRICE_UNAVAILABLE', `${source} sent a price that is not a plain decimal.`)
  }
  return cents
}
