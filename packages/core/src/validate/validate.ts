import { describeValue, InvalidAmountError, InvalidArgumentError } from '../errors/argument.js'
import type { Hex } from '../types/node.js'

const HEX = /^(?:[0-9a-f]{2})*$/i

/** Asserts a hex string (even length), of `bytes` bytes when given. */
export function assertHex(
  value: unknown,
  { name, bytes }: { name: string; bytes?: number },
): asserts value is Hex {
  if (typeof value !== 'string' || !HEX.test(value)) {
    throw new InvalidArgumentError(name, bytes ? `${bytes} bytes of hex` : 'hex', {
      received: describeValue(value),
    })
  }
  if (bytes !== undefined && value.length !== bytes * 2) {
    throw new InvalidArgumentError(name, `${bytes} bytes of hex`, {
      received: `${value.length / 2} bytes`,
    })
  }
}

/** Asserts a 32-byte hash (payment hash, preimage) as hex. */
export function assertHash(value: unknown, name: string): asserts value is Hex {
  assertHex(value, { name, bytes: 32 })
}

/** Asserts a 33-byte compressed secp256k1 public key as hex. */
export function assertPubkey(value: unknown, name: string): asserts value is Hex {
  assertHex(value, { name, bytes: 33 })
  if (!/^0[23]/.test(value)) {
    throw new InvalidArgumentError(name, 'a compressed public key (02 or 03 prefix)')
  }
}

/** Asserts an object of parameters (not null, not a primitive): what a JavaScript caller may forget. */
export function assertObject<T>(value: T, name: string): asserts value is T & object {
  if (typeof value !== 'object' || value === null)
    throw new InvalidArgumentError(name, 'an object', { received: describeValue(value) })
}

/** What `assertHex`, `assertHash`, `assertPubkey`, `assertInteger` and `assertObject` throw. */
export type AssertErrorType = 'INVALID_ARGUMENT'
/** What `assertAmount` and `assertPositiveMsat` throw: not a bigint, or below the minimum. */
export type AssertAmountErrorType = 'INVALID_ARGUMENT' | 'INVALID_AMOUNT'

/** Asserts an amount: a bigint, at least `min` (default 0). */
export function assertAmount(
  value: unknown,
  name: string,
  { min = 0n }: { min?: bigint } = {},
): asserts value is bigint {
  if (typeof value !== 'bigint') {
    throw new InvalidArgumentError(name, 'a bigint amount', { received: describeValue(value) })
  }
  if (value < min) throw new InvalidAmountError(`${name} must be at least ${min}, got ${value}.`)
}

/** Asserts a positive msat amount (at least 1 msat). */
export function assertPositiveMsat(value: unknown, name: string): asserts value is bigint {
  assertAmount(value, name, { min: 1n })
}

/** Asserts an integer in a range (counts, seconds, block heights). */
export function assertInteger(
  value: unknown,
  name: string,
  { min = 0, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {},
): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(name, `an integer from ${min} to ${max}`, {
      received: typeof value === 'number' ? String(value) : describeValue(value),
    })
  }
}
