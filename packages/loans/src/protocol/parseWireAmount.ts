import { LoanError } from '../errors/LoanError.js'

/** The largest amount the protocol takes: lnd's int64. */
export const MAX_WIRE_AMOUNT = 2n ** 63n - 1n

/**
 * An amount field of a request: a whole decimal string in its one spelling
 * (no sign, no leading zero, no spaces, no exponent), from `min` (default 0)
 * to `max` (default `MAX_WIRE_AMOUNT`). Anything else is a
 * `LoanError('BAD_REQUEST')`.
 *
 * @example
 * parseWireAmount('50000', 'principal', { min: 1n }) // 50000n
 */
export function parseWireAmount(
  value: unknown,
  name: string,
  { min = 0n, max = MAX_WIRE_AMOUNT }: { min?: bigint; max?: bigint } = {},
): bigint {
  if (typeof value !== 'string' || value.length > 19 || !/^(?:0|[1-9][0-9]*)$/.test(value)) {
    throw new LoanError(
      'BAD_REQUEST',
      `${name} must be a whole decimal string (digits only, no leading zero).`,
    )
  }
  const amount = BigInt(value)
  if (amount < min || amount > max) {
    throw new LoanError('BAD_REQUEST', `${name} must be from ${min} to ${max}.`)
  }
  return amount
}
