import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { agreementOf } from '../loan/agreementOf.js'
import { defaultTerms } from '../terms/defaultTerms.js'
import { canonicalJson } from './canonicalJson.js'
import { agreementSigningText, requestSigningText } from './signedRequest.js'
import { fromWire, isAmountField, toWire } from './wireJson.js'

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined, writes bigints as strings', () => {
    expect(
      canonicalJson({ b: 1n, a: [true, null, undefined], c: { z: 'x', y: undefined, x: 0 } }),
    ).toBe('{"a":[true,null,null],"b":"1","c":{"x":0,"z":"x"}}')
  })
  it('is the same text for the same data, whatever the key order', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())),
        (record) => {
          const reversed = Object.fromEntries(Object.entries(record).reverse())
          expect(canonicalJson(reversed)).toBe(canonicalJson(record))
          expect(JSON.parse(canonicalJson(record))).toEqual(record)
        },
      ),
    )
  })
  it('refuses floats and functions (signed text must be unambiguous)', () => {
    expect(() => canonicalJson({ a: 1.5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => canonicalJson({ a: Number.NaN })).toThrow()
    expect(() => canonicalJson({ a: () => 1 })).toThrow()
  })
})

describe('wire JSON', () => {
  it('amount fields go out as decimal strings and come back as bigints; others are left alone', () => {
    const value = {
      principal: 5n,
      collateralSat: 2n ** 70n,
      ltvBps: 5_000n,
      nested: [{ amountMsat: 1n }],
      termSeconds: 3,
      note: '7',
    }
    const wire = JSON.parse(JSON.stringify(toWire(value)))
    expect(wire).toEqual({
      principal: '5',
      collateralSat: '1180591620717411303424',
      ltvBps: '5000',
      nested: [{ amountMsat: '1' }],
      termSeconds: 3,
      note: '7',
    })
    expect(fromWire(wire)).toEqual(value)
    expect(() => fromWire({ amountMsat: 1.5 })).toThrow(
      expect.objectContaining({ reason: 'BAD_REQUEST' }),
    )
    expect(() => fromWire({ amountMsat: '1e3' })).toThrow(
      expect.objectContaining({ reason: 'BAD_REQUEST' }),
    )
    expect(fromWire({ amountMsat: null })).toEqual({ amountMsat: null })
  })
  it('every bigint field of an agreement is an amount field, so it survives the wire', () => {
    const agreement = agreementOf(
      {
        id: 'ab'.repeat(16),
        deskPubkey: `02${'bb'.repeat(32)}`,
        borrowerPubkey: `03${'aa'.repeat(32)}`,
        principal: 50_000n,
        currency: 'USD',
        centsPerBtc: 10_000_000n,
        priceAtMs: 1,
        collateralSat: 1_000_000n,
        principalMsat: 500_000_000n,
        terms: defaultTerms,
        createdAtMs: 1,
        expiresAtMs: 2,
      },
      'cd'.repeat(32),
    )
    const back = fromWire(JSON.parse(JSON.stringify(toWire(agreement))))
    expect(back).toEqual(agreement)
    expect(agreementSigningText(back)).toBe(agreementSigningText(agreement))
    expect(agreementSigningText(agreement)).toMatch(/^btcfi-loan\/1 agreement:\{"aprBps":"1200",/)
    for (const key of ['principal', 'centsPerBtc', 'amountMsat', 'keepSat', 'ltvBps'])
      expect(isAmountField(key)).toBe(true)
    for (const key of ['atMs', 'termSeconds', 'expiryHeight', 'msat'])
      expect(isAmountField(key)).toBe(false)
  })
})

describe('requestSigningText', () => {
  it('binds the method, path, body, key, desk, nonce and time', () => {
    const base = {
      method: 'post',
      path: '/v1/quotes',
      body: { principal: '1' },
      pubkey: '02aa',
      desk: '03dd',
      nonce: 'n',
      timestamp: 5,
    }
    const text = requestSigningText(base)
    expect(text).toBe(
      '{"body":{"principal":"1"},"desk":"03dd","method":"POST","nonce":"n","path":"/v1/quotes","protocol":"btcfi-loan/1","pubkey":"02aa","timestamp":5}',
    )
    for (const change of [
      { method: 'GET' },
      { path: '/v1/loans' },
      { body: { principal: '2' } },
      { pubkey: '02bb' },
      { desk: '03ee' },
      { nonce: 'm' },
      { timestamp: 6 },
    ]) {
      expect(requestSigningText({ ...base, ...change })).not.toBe(text)
    }
  })
})
