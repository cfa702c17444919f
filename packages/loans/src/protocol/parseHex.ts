import type { Hex } from '@btcfi/core'
import { LoanError } from '../errors/LoanError.js'

/** How long a hex field is: exactly `bytes`, or from `minBytes` to `maxBytes`. */
export interface HexShape {
  bytes?: number
  minBytes?: number
  maxBytes?: number
}

/** True for lower-case hex of whole bytes, of the shape given (the protocol's only spelling). */
export function isWireHex(value: unknown, shape: HexShape = {}): value is Hex {
  if (typeof value !== 'string' || value.length % 2 !== 0) return false
  const bytes = value.length / 2
  const min = shape.bytes ?? shape.minBytes ?? 0
  const max = shape.bytes ?? shape.maxBytes ?? Number.POSITIVE_INFINITY
  return bytes >= min && bytes <= max && /^[0-9a-f]*$/.test(value)
}

/** True for a compressed secp256k1 pubkey in lower-case hex (`02`/`03` and 32 bytes). */
export function isPubkey(value: unknown): value is Hex {
  return isWireHex(value, { bytes: 33 }) && (value.startsWith('02') || value.startsWith('03'))
}

/**
 * A hex field of a request (lower-case, whole bytes, of the shape given);
 * anything else is a `LoanError('BAD_REQUEST')`.
 *
 * @example
 * parseHex(body.quoteId, 'quoteId', { bytes: 16 })
 */
export function parseHex(value: unknown, name: string, shape: HexShape = {}): Hex {
  if (!isWireHex(value, shape)) {
    const size =
      shape.bytes === undefined
        ? `${shape.minBytes ?? 0} to ${shape.maxBytes ?? 'any number of'}`
        : `${shape.bytes}`
    throw new LoanError('BAD_REQUEST', `${name} must be ${size} bytes of lower-case hex.`)
  }
  return value
}
