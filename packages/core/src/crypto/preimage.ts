import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { bytesToHex, hexToBytes, utf8ToBytes } from '../encoding/encoding.js'
import type { Hex } from '../types/node.js'
import { assertHash } from '../validate/validate.js'

/** 32 random bytes from the platform's CSPRNG, as hex. */
export function randomPreimage(): Hex {
  return bytesToHex(randomBytes(32))
}

/** SHA-256 of bytes, or of the bytes a hex string stands for. */
export function sha256Hex(data: Uint8Array | Hex): Hex {
  return bytesToHex(sha256(typeof data === 'string' ? hexToBytes(data) : data))
}

/** The payment hash of a preimage: SHA-256 of its 32 bytes. */
export function paymentHashOf(preimage: Hex): Hex {
  assertHash(preimage, 'preimage')
  return sha256Hex(preimage)
}

/** Compares two byte arrays in time that depends only on their length. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

/** True when `preimage` hashes to `paymentHash` (compared in constant time). */
export function verifyPreimage(preimage: Hex, paymentHash: Hex): boolean {
  assertHash(preimage, 'preimage')
  assertHash(paymentHash, 'paymentHash')
  return constantTimeEqual(sha256(hexToBytes(preimage)), hexToBytes(paymentHash))
}

/**
 * A preimage derived from a secret and a label (HMAC-SHA256): a lender can
 * derive each hold invoice's preimage again from one seed and the lock id,
 * instead of storing every preimage.
 */
export function derivePreimage(secret: Uint8Array, label: string): Hex {
  if (!(secret instanceof Uint8Array) || secret.length < 32) {
    throw new TypeError('derivePreimage: secret must be at least 32 bytes')
  }
  return bytesToHex(hmac(sha256, secret, utf8ToBytes(label)))
}
