// The protocol's JSON: amounts are bigints in the SDK and decimal strings on
// the wire. A field holds an amount when its name is one of AMOUNT_FIELDS or
// ends in `Msat`, `Sat` or `Bps`: `toWire` turns every bigint into a string,
// `fromWire` turns those fields back (and refuses one that is not a decimal).

import { LoanError } from '../errors/LoanError.js'

const AMOUNT_FIELDS = new Set(['principal', 'minPrincipal', 'maxPrincipal', 'centsPerBtc', 'carry'])

/** True for the name of a field that holds an amount (a bigint; a decimal string on the wire). */
export function isAmountField(key: string): boolean {
  return AMOUNT_FIELDS.has(key) || /(Msat|Sat|Bps)$/.test(key)
}

/** A value ready for JSON.stringify: bigints as decimal strings, `undefined` fields dropped. */
export function toWire(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map(toWire)
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v)
    return out
  }
  return value
}

/** Parsed wire JSON with the amount fields as bigints. */
export function fromWire<T>(value: unknown): T {
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (Array.isArray(v)) return v.map((item) => walk(item, undefined))
    if (typeof v === 'object' && v !== null) {
      const out: Record<string, unknown> = {}
      for (const [k, inner] of Object.entries(v)) out[k] = walk(inner, k)
      return out
    }
    if (key !== undefined && isAmountField(key) && v !== null) {
      if (typeof v !== 'string' || !/^-?\d{1,40}$/.test(v)) {
        throw new LoanError('BAD_REQUEST', `${key} must be a decimal string.`)
      }
      return BigInt(v)
    }
    return v
  }
  return walk(value, undefined) as T
}
