import { readFileSync } from 'node:fs'
import { bytesToHex, hexToBytes } from '@btcfi/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { schnorr as resolved } from '#schnorr'
import { schnorr as pureJs } from './schnorr.js'
import { schnorr as node } from './schnorr.node.js'

// BIP-340's own vectors (bitcoin/bips, bip-0340/test-vectors.csv).
const vectors = readFileSync(new URL('../testing/bip340-vectors.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [index, secret, publicKey, auxRand, message, signature, result, comment] = line.split(',')
    return {
      name: `vector ${index}${comment ? ` (${comment})` : ''}`,
      secret: secret ?? '',
      publicKey: publicKey!.toLowerCase(),
      auxRand: auxRand ?? '',
      message: hexToBytes(message!.toLowerCase()),
      signature: signature!.toLowerCase(),
      valid: result === 'TRUE',
    }
  })

const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 })
// A secret key in [1, n): any 32 bytes but zero and those at or above the curve order.
const secretKey = bytes32.filter((b) => {
  const k = BigInt(`0x${bytesToHex(b)}`)
  return k > 0n && k < 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
})

describe.each([
  ['@noble/curves (browsers)', pureJs, node],
  ['tiny-secp256k1 (Node)', node, pureJs],
])('BIP-340 with %s', (_, schnorr, other) => {
  it.each(vectors)('$name', (v) => {
    if (v.secret) {
      const secret = hexToBytes(v.secret.toLowerCase())
      expect(bytesToHex(schnorr.publicKey(secret))).toBe(v.publicKey)
      const signature = schnorr.sign(v.message, secret, hexToBytes(v.auxRand.toLowerCase()))
      expect(bytesToHex(signature)).toBe(v.signature)
    }
    expect(schnorr.verify(hexToBytes(v.signature), v.message, hexToBytes(v.publicKey))).toBe(
      v.valid,
    )
  })

  it('signs what the other implementation verifies, and any changed byte fails on both', () => {
    fc.assert(
      fc.property(secretKey, bytes32, fc.nat(63), (secret, digest, at) => {
        const signature = schnorr.sign(digest, secret)
        const publicKey = schnorr.publicKey(secret)
        expect(other.verify(signature, digest, publicKey)).toBe(true)
        const changed = signature.slice()
        changed[at]! ^= 1
        expect(schnorr.verify(changed, digest, publicKey)).toBe(false)
        expect(other.verify(changed, digest, publicKey)).toBe(false)
      }),
      { numRuns: 50 },
    )
  })

  it('answers false, never throws, for a key or signature of the wrong length', () => {
    const secret = new Uint8Array(32).fill(7)
    const digest = new Uint8Array(32).fill(1)
    const signature = schnorr.sign(digest, secret)
    const publicKey = schnorr.publicKey(secret)
    expect(schnorr.verify(signature.slice(1), digest, publicKey)).toBe(false)
    expect(schnorr.verify(signature, digest, publicKey.slice(1))).toBe(false)
    expect(schnorr.verify(signature, digest, new Uint8Array(33))).toBe(false)
  })
})

it('is libsecp256k1 in Node: #schnorr resolves to schnorr.node.ts, as streams and receivers import it', () => {
  expect(resolved).toBe(node)
})
