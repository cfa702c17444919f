// The protocol's JSON: amounts are bigints in the SDK and decimal strings on
// the wire. A field holds an amount when its name is one of AMOUNT_FIELDS or
// ends in `Msat`, `Sat` or `Bps`: `toWire` turns every bigint into a string,
// `fromWire` turns those fields back (and refuses one that is not a decimal).
// Both keep every name as an own field (`__proto__` included) and refuse data
// nested deeper than MAX_JSON_DEPTH.

import { LoanError } from '../errors/LoanError.js'
import { MAX_JSON_DEPTH } from './canonicalJson.js'

const AMOUNT_FIELDS = new Set(['principal', 'minPrincipal', 'maxPrincipal', 'centsPerBtc', 'carry'])
const DECIMAL = /^-?\d{1,40}$/

/** True for the name of a field that holds an amount (a bigint; a decimal string on the wire). */
export function isAmountField(key: string): boolean {
  return AMOUNT_FIELDS.has(key) || /(Msat|Sat|Bps)$/.test(key)
}

/** A value ready for JSON.stringify: bigints as decimal strings, `undefined` fields dropped. */
export function toWire(value: unknown): unknown {
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'bigint') return v.toString()
    if (typeof v !== 'object' || v === null) return v
    tooDeep(depth)
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1))
    // fromEntries defines own fields: a `__proto__` key stays a field.
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, inner]) => inner !== undefined)
        .map(([k, inner]) => [k, walk(inner, depth + 1)]),
    )
  }
  return walk(value, 0)
}

/** Parsed wire JSON with the amount fields as bigints. */
export function fromWire<T>(value: unknown): T {
  const walk = (v: unknown, key: string | undefined, depth: number): unknown => {
    if (typeof v === 'object' && v !== null) {
      if (key !== undefined && isAmountField(key)) notDecimal(key)
      tooDeep(depth)
      if (Array.isArray(v)) return v.map((item) => walk(item, undefined, depth + 1))
      return Object.fromEntries(
        Object.entries(v).map(([k, inner]) => [k, walk(inner, k, depth + 1)]),
      )
    }
    if (key !== undefined && isAmountField(key) && v !== null) {
      if (typeof v !== 'string' || !DECIMAL.test(v)) notDecimal(key)
      return BigInt(v)
    }
    return v
  }
  return walk(value, undefined, 0) as T
}

function notDecimal(key: string): never {
  throw new LoanError('BAD_REQUEST', `${key.slice(0, 40)} must be a decimal string.`)
}

function tooDeep(depth: number) {
  if (depth >= MAX_JSON_DEPTH) {
    throw new LoanError('BAD_REQUEST', `The JSON is nested more than ${MAX_JSON_DEPTH} deep.`)
  }
}
