import { LoanError } from '../errors/LoanError.js'
import { parseWireAmount } from './parseWireAmount.js'

/** A request field: a non-empty string, or a positive amount (see `parseWireAmount`). */
export type FieldKind = 'string' | 'amount'

export type RequestFields<S extends Record<string, FieldKind>> = {
  [K in keyof S]: S[K] extends 'amount' ? bigint : string
}

/** The longest string field a request may carry. */
export const MAX_FIELD_LENGTH = 2_000

/**
 * A request body with exactly these fields, of these kinds (amounts as
 * decimal strings, at least 1); anything else (another type, a missing or
 * unknown field, inherited names such as `__proto__` or `constructor`
 * included) is a `LoanError('BAD_REQUEST')`.
 *
 * @example
 * const { principal, currency } = requestFields(body, { principal: 'amount', currency: 'string' })
 */
export function requestFields<const S extends Record<string, FieldKind>>(
  body: unknown,
  schema: S,
): RequestFields<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new LoanError('BAD_REQUEST', 'The body must be a JSON object.')
  }
  // Own names only: `constructor`, `toString` or `__proto__` are not fields.
  const unknown = Object.keys(body).find((key) => !Object.hasOwn(schema, key))
  if (unknown !== undefined) {
    throw new LoanError('BAD_REQUEST', `Unknown field ${JSON.stringify(unknown.slice(0, 40))}.`)
  }
  const out: Record<string, unknown> = {}
  for (const [key, kind] of Object.entries(schema)) {
    const value: unknown = Object.hasOwn(body, key)
      ? (body as Record<string, unknown>)[key]
      : undefined
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_FIELD_LENGTH) {
      throw new LoanError(
        'BAD_REQUEST',
        `${key} is required: ${kind === 'amount' ? 'a decimal string' : `a string of 1 to ${MAX_FIELD_LENGTH} characters`}.`,
      )
    }
    out[key] = kind === 'amount' ? parseWireAmount(value, key, { min: 1n }) : value
  }
  return out as RequestFields<S>
}

/**
 * Splits an optional field off a request body (an object, else the body as it
 * is for `requestFields` to refuse): the rest, and the field's value.
 */
export function optionalField(body: unknown, key: string): [unknown, unknown] {
  if (
    typeof body !== 'object' ||
    body === null ||
    Array.isArray(body) ||
    !Object.hasOwn(body, key)
  ) {
    return [body, undefined]
  }
  const { [key]: value, ...rest } = body as Record<string, unknown>
  return [rest, value]
}
