import { describe, expect, it } from 'vitest'
import { assertAmount, assertHash, assertHex, assertInteger, assertPubkey } from './validate.js'

describe('validators', () => {
  it('accept what they describe', () => {
    expect(() => assertHex('00ff', { name: 'x' })).not.toThrow()
    expect(() => assertHash('ab'.repeat(32), 'paymentHash')).not.toThrow()
    expect(() => assertPubkey(`02${'ab'.repeat(32)}`, 'pubkey')).not.toThrow()
    expect(() => assertAmount(0n, 'amount')).not.toThrow()
    expect(() => assertInteger(5, 'n', { min: 1, max: 9 })).not.toThrow()
  })

  it('name the argument and never show its value', () => {
    const secret = 'cd'.repeat(31)
    expect(() => assertHash(secret, 'preimage')).toThrow(
      'Invalid preimage: expected 32 bytes of hex, got 31 bytes.',
    )
    expect(() => assertHex('xyz', { name: 'macaroon' })).toThrow(
      /Invalid macaroon: expected hex, got a string of 3 characters/,
    )
    expect(() => assertPubkey(`04${'ab'.repeat(32)}`, 'dest')).toThrow(/dest/)
    expect(() => assertAmount(1, 'amountMsat')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => assertAmount(-1n, 'amountMsat')).toThrow(
      expect.objectContaining({ code: 'INVALID_AMOUNT' }),
    )
    expect(() => assertInteger(1.5, 'n')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})
