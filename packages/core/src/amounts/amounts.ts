import { InvalidAmountError } from '../errors/argument.js'
import { assertAmount } from '../validate/validate.js'

/** msat in one sat. */
export const MSAT_PER_SAT = 1000n
/** sat in one bitcoin. */
export const SAT_PER_BTC = 100_000_000n
/** msat in one bitcoin. */
export const MSAT_PER_BTC = SAT_PER_BTC * MSAT_PER_SAT
/** All the bitcoin there will ever be, in msat. */
export const MAX_MSAT = 21_000_000n * MSAT_PER_BTC

export type AmountUnit = 'msat' | 'sat' | 'btc'
export type Rounding = 'floor' | 'ceil' | 'exact'

const DECIMALS: Record<AmountUnit, number> = { msat: 0, sat: 3, btc: 11 }
const SCALE: Record<AmountUnit, bigint> = { msat: 1n, sat: MSAT_PER_SAT, btc: MSAT_PER_BTC }

export function satToMsat(sat: bigint): bigint {
  assertAmount(sat, 'sat')
  return sat * MSAT_PER_SAT
}

/**
 * msat to sat. `floor` and `ceil` round; `exact` throws on a remainder.
 *
 * @example
 * msatToSat(1500n, 'ceil') // 2n
 */
export function msatToSat(msat: bigint, rounding: Rounding = 'exact'): bigint {
  assertAmount(msat, 'msat')
  const sat = msat / MSAT_PER_SAT
  const remainder = msat % MSAT_PER_SAT
  if (remainder === 0n) return sat
  if (rounding === 'exact')
    throw new InvalidAmountError(`${msat} msat is not a whole number of sat.`)
  return rounding === 'ceil' ? sat + 1n : sat
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/

/** Parses a non-negative decimal string in `unit` into msat, exactly. */
function decimalToMsat(text: string, unit: AmountUnit): bigint {
  const match = DECIMAL.exec(text)
  if (!match) throw new InvalidAmountError(`"${text}" is not a plain decimal amount.`)
  const [, whole = '', fraction = ''] = match
  const decimals = DECIMALS[unit]
  const trimmed = fraction.replace(/0+$/, '')
  if (trimmed.length > decimals) {
    throw new InvalidAmountError(`"${text} ${unit}" is finer than a millisatoshi.`)
  }
  const msat = BigInt(whole) * SCALE[unit] + (trimmed ? BigInt(trimmed.padEnd(decimals, '0')) : 0n)
  if (msat > MAX_MSAT)
    throw new InvalidAmountError(`"${text} ${unit}" is more than 21 million bitcoin.`)
  return msat
}

/**
 * Parses a bitcoin amount such as `"0.0001"` into msat, exactly (up to 11 decimals).
 *
 * @example
 * btcToMsat('0.00000001') // 1000n
 */
export function btcToMsat(btc: string): bigint {
  return decimalToMsat(btc.trim(), 'btc')
}

/**
 * Parses an amount with its unit into msat: `"1500 sat"`, `"1.5sat"`,
 * `"2500 msat"`, `"0.0001 BTC"`. Strict: no sign, no exponent, no unit-less
 * numbers, nothing finer than 1 msat, nothing above 21M BTC.
 *
 * @example
 * parseAmount('1.5 sat') // 1500n
 */
export function parseAmount(text: string): bigint {
  if (typeof text !== 'string')
    throw new InvalidAmountError('An amount must be a string such as "1500 sat".')
  const match = /^\s*([0-9.]+)\s*(msat|sats?|btc)\s*$/i.exec(text)
  if (!match) {
    throw new InvalidAmountError(
      `"${text}" is not an amount: write it like "1500 sat", "2500 msat" or "0.001 btc".`,
    )
  }
  const unit = match[2]!.toLowerCase().replace(/^sats$/, 'sat') as AmountUnit
  return decimalToMsat(match[1]!, unit)
}

/**
 * Formats msat in a unit, exactly, with trailing zeros trimmed.
 *
 * @example
 * formatMsat(1500n, { unit: 'sat' }) // '1.5'
 * formatMsat(100_000_000_000n, { unit: 'btc' }) // '1'
 */
export function formatMsat(msat: bigint, { unit = 'sat' }: { unit?: AmountUnit } = {}): string {
  assertAmount(msat, 'msat')
  const scale = SCALE[unit]
  const whole = msat / scale
  const fraction = (msat % scale).toString().padStart(DECIMALS[unit], '0').replace(/0+$/, '')
  return fraction ? `${whole}.${fraction}` : whole.toString()
}
