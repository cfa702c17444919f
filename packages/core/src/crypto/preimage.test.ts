import { createHash, createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  constantTimeEqual,
  derivePreimage,
  paymentHashOf,
  randomPreimage,
  sha256Hex,
  verifyPreimage,
} from './preimage.js'

describe('preimages and hashes', () => {
  it('hashes like SHA-256 (FIPS 180-2 vectors)', () => {
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
    expect(sha256Hex(new Uint8Array())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    )
    expect(paymentHashOf('00'.repeat(32))).toBe(
      '66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925',
    )
  })

  it('draws distinct 32-byte preimages that verify against their hash', () => {
    const a = randomPreimage()
    const b = randomPreimage()
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(a).not.toBe(b)
    expect(verifyPreimage(a, paymentHashOf(a))).toBe(true)
    expect(verifyPreimage(b, paymentHashOf(a))).toBe(false)
  })

  it('derives the same preimage as HMAC-SHA256 from node:crypto', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 64 }), fc.string(), (secret, label) => {
        const expected = createHmac('sha256', secret).update(label, 'utf8').digest('hex')
        expect(derivePreimage(secret, label)).toBe(expected)
      }),
    )
    expect(() => derivePreimage(new Uint8Array(16), 'x')).toThrow(TypeError)
  })

  it('compares bytes without shortcuts', () => {
    fc.assert(
      fc.property(fc.uint8Array(), fc.uint8Array(), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)))
      }),
    )
    const hash = createHash('sha256').update('x').digest()
    expect(constantTimeEqual(hash, new Uint8Array(hash))).toBe(true)
  })

  it('rejects preimages that are not 32 bytes of hex', () => {
    expect(() => paymentHashOf('abcd')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})
