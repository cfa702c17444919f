import { LoanError } from '../errors/LoanError.js'

const DECIMAL = /^(\d{1,15})(?:\.(\d{1,18}))?$/

/**
 * A decimal USD price such as `"97123.45"` or `"97123.40000"` to cents, exactly
 * (no float), rounded half up to the cent. Refuses anything else.
 *
 * @example
 * parseUsdCents('97123.455', 'kraken') // 9_712_346n
 */
export function parseUsdCents(text: unknown, source: string): bigint {
  const match = typeof text === 'string' ? DECIMAL.exec(text.trim()) : null
  if (!match) {
    throw new LoanError('PRICE_UNAVAILABLE', `${source} sent a price that is not a plain decimal.`)
  }
  const [, whole = '0', fraction = ''] = match
  const cents = BigInt(whole) * 100n + BigInt(fraction.slice(0, 2).padEnd(2, '0'))
  const roundUp = fraction.length > 2 && fraction[2]! >= '5'
  return roundUp ? cents + 1n : cents
}
