import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bytesToHex, hexToBytes } from '../encoding/encoding.js'
import { OfferDecodeError } from '../errors/offer.js'
import type { BlindedPath, DecodedOffer } from './DecodedOffer.js'
import { decodeOffer } from './decodeOffer.js'

// The official vectors of BOLT 12 (see each file's `source`).

interface OfferVector {
  description: string
  valid: boolean
  bolt12: string
  fields?: { type: number; length: number; hex: string }[]
}
interface FormatVector {
  comment: string
  valid: boolean
  string: string
}

const read = <T>(name: string): T[] =>
  JSON.parse(readFileSync(new URL(`./testing/${name}`, import.meta.url), 'utf8')).vectors
const offers = read<OfferVector>('offers-test.json')
const formats = read<FormatVector>('format-string-test.json')
const valid = offers.filter((v) => v.valid)
const invalid = offers.filter((v) => !v.valid)

const ISSUER_ID = '02eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619'

const byDescription = (start: string): DecodedOffer => {
  const vector = offers.find((v) => v.description.startsWith(start))
  if (!vector) throw new Error(`no vector "${start}"`)
  return decodeOffer(vector.bolt12)
}

/** BOLT 4's `blinded_path`s, written back as bytes. */
function pathsHex(paths: BlindedPath[]): string {
  return paths
    .map(({ introductionNode, pathKey, hops }) => {
      let intro: string
      if ('nodeId' in introductionNode) intro = introductionNode.nodeId
      else {
        const [block, tx, output] = introductionNode.shortChannelId.split('x').map(BigInt)
        const scid = (block! << 40n) | (tx! << 16n) | output!
        intro = `0${introductionNode.direction}${scid.toString(16).padStart(16, '0')}`
      }
      const hopsHex = hops
        .map(
          (h) =>
            h.blindedNodeId +
            (h.encryptedData.length / 2).toString(16).padStart(4, '0') +
            h.encryptedData,
        )
        .join('')
      return intro + pathKey + hops.length.toString(16).padStart(2, '0') + hopsHex
    })
    .join('')
}

/** What the decoded offer holds for each TLV field of a vector, in the vector's terms. */
function fieldOf(offer: DecodedOffer, type: number): string {
  switch (type) {
    case 2:
      return offer.chains.map((c) => c.chainHash).join('')
    case 4:
      return offer.metadata ?? ''
    case 6:
      return bytesToHex(new TextEncoder().encode(offer.currency ?? ''))
    case 8:
      return offer.amount!.toString(16).padStart(4, '0')
    case 10:
      return bytesToHex(new TextEncoder().encode(offer.description ?? ''))
    case 14:
      return (offer.absoluteExpiry!.getTime() / 1000).toString(16)
    case 16:
      return pathsHex(offer.paths)
    case 18:
      return bytesToHex(new TextEncoder().encode(offer.issuer ?? ''))
    case 20:
      return offer.quantityMax === 0n ? '' : offer.quantityMax!.toString(16).padStart(2, '0')
    case 22:
      return offer.issuerId ?? ''
    default:
      return offer.unknownFields.find((f) => f.type === type)?.value ?? '(missing)'
  }
}

describe('decodeOffer: the valid vectors of BOLT 12 (offers-test.json)', () => {
  it('decodes every valid offer, each field as the vector lists it', () => {
    expect(valid).toHaveLength(20)
    for (const vector of valid) {
      const offer = decodeOffer(vector.bolt12)
      expect(offer.offer).toBe(vector.bolt12)
      for (const { type, hex } of vector.fields ?? []) {
        if (type === 12) continue // features: below
        expect({ vector: vector.description, type, hex: fieldOf(offer, type) }).toEqual({
          vector: vector.description,
          type,
          hex,
        })
      }
    }
  })

  it('a minimal offer: an issuer id only, on bitcoin, any amount', () => {
    expect(byDescription('Minimal bolt12 offer')).toEqual({
      offer: 'lno1zcss9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese',
      chains: [
        {
          chainHash: '6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000',
          network: 'mainnet',
        },
      ],
      metadata: undefined,
      currency: undefined,
      amount: undefined,
      amountMsat: undefined,
      description: undefined,
      features: [],
      absoluteExpiry: undefined,
      paths: [],
      issuer: undefined,
      quantityMax: undefined,
      issuerId: ISSUER_ID,
      unknownFields: [],
    })
  })

  it('reads the fields named in each vector’s "field info"', () => {
    expect(byDescription('with description').description).toBe('Test vectors')
    expect(byDescription('for testnet').chains.map((c) => c.network)).toEqual(['testnet'])
    expect(byDescription('for bitcoin or liquidv1').chains.map((c) => c.network)).toEqual([
      undefined,
      'mainnet',
    ])
    expect(byDescription('with metadata').metadata).toBe('00'.repeat(16))
    expect(byDescription('with amount')).toMatchObject({
      amount: 10_000n,
      amountMsat: 10_000n,
      currency: undefined,
    })
    expect(byDescription('with currency')).toMatchObject({
      currency: 'USD',
      amount: 10_000n,
      amountMsat: undefined,
    })
    // 0x7a4297d8: "2035-01-01" at +10:30, the vector's author's time zone.
    expect(byDescription('with expiry').absoluteExpiry).toEqual(new Date('2034-12-31T13:30:00Z'))
    expect(byDescription('with issuer').issuer).toBe('https://bolt12.org BOLT12 industries')
    expect(byDescription('with quantity').quantityMax).toBe(5n)
    expect(byDescription('with unlimited').quantityMax).toBe(0n)
    expect(byDescription('with single quantity').quantityMax).toBe(1n)
    expect(byDescription('with feature').features).toEqual([
      { bit: 99, name: undefined, required: false },
    ])
    expect(byDescription('unknown odd field').unknownFields).toEqual([
      { type: 33, value: bytesToHex(new TextEncoder().encode('helloworld')) },
    ])
    expect(byDescription('unknown odd experimental').unknownFields).toEqual([
      { type: 1_000_000_033, value: bytesToHex(new TextEncoder().encode('helloworld')) },
    ])
  })

  it('reads blinded paths: introduction node (key or channel), path key, hops', () => {
    const [viaBob] = byDescription('with blinded path via Bob').paths
    expect(viaBob).toEqual({
      introductionNode: {
        nodeId: '0324653eac434488002cc06bbfb7f10fe18991e35f9fe4302dbea6d2353dc0ab1c',
      },
      pathKey: `02${'02'.repeat(32)}`,
      hops: [
        { blindedNodeId: `02${'02'.repeat(32)}`, encryptedData: '00'.repeat(16) },
        { blindedNodeId: `02${'02'.repeat(32)}`, encryptedData: '11'.repeat(8) },
      ],
    })
    expect(
      byDescription('same, with blinded path first_node_id using sciddir').paths[0],
    ).toMatchObject({ introductionNode: { shortChannelId: '0x0x42', direction: 0 } })
    const noIssuer = byDescription('with no issuer_id')
    expect(noIssuer.issuerId).toBeUndefined()
    expect(noIssuer.paths).toHaveLength(1)
    const two = byDescription('... and with second blinded path').paths
    expect(two).toHaveLength(2)
    expect(two[1]).toMatchObject({
      introductionNode: { shortChannelId: '1x2x3', direction: 1 },
      hops: [{}, { encryptedData: '22'.repeat(8) }],
    })
  })
})

describe('decodeOffer: the invalid vectors of BOLT 12 (offers-test.json)', () => {
  it.each(invalid.map((v) => [v.description, v.bolt12] as const))('%s', (_, bolt12) => {
    expect(() => decodeOffer(bolt12)).toThrow(OfferDecodeError)
  })

  it('says why, in the message', () => {
    const reason = (start: string) => {
      const vector = invalid.find((v) => v.description.startsWith(start))!
      try {
        decodeOffer(vector.bolt12)
      } catch (error) {
        return (error as OfferDecodeError).shortMessage
      }
      return 'decoded'
    }
    expect(reason('Malformed: fields out of order')).toMatch(/out of order/)
    // The vector's title says 78; its bytes hold type 72 (0x48).
    expect(reason('Malformed: unknown even TLV type 78')).toMatch(/unknown even field 72/)
    expect(reason('Contains type >= 80')).toMatch(/outside the ranges/)
    expect(reason('Contains unknown feature 122')).toMatch(/compulsory feature bit 122/)
    expect(reason('Missing offer_issuer_id and no offer_path')).toMatch(/neither/)
    expect(reason('Invalid: zero offer_amount')).toMatch(/zero amount/)
    expect(reason('Malformed: invalid offer_issuer_id')).toMatch(/not a valid public key/)
    expect(reason('Bech32 padding exceeds')).toMatch(/padding/)
  })
})

describe('decodeOffer: the string encoding (format-string-test.json)', () => {
  it.each(formats.map((v) => [v.comment, v.valid, v.string] as const))(
    '%s (valid: %s)',
    (_, isValid, text) => {
      if (isValid) expect(decodeOffer(text).description).toBe('An example description')
      else expect(() => decodeOffer(text)).toThrow(OfferDecodeError)
    },
  )

  it('takes a lightning: URI, and trims the text', () => {
    const [first] = formats
    expect(decodeOffer(`  lightning:${first!.string}\n`).offer).toBe(first!.string)
    expect(decodeOffer(`LIGHTNING:${first!.string.toUpperCase()}`).offer).toBe(first!.string)
  })
})

describe('decodeOffer: what is not an offer', () => {
  it.each([
    ['lnr1qqsg', /an invoice request \(lnr1…\), not an offer/],
    ['lni1qqsg', /a BOLT 12 invoice \(lni1…\), not an offer/],
    ['LNI1QQSG', /a BOLT 12 invoice/],
    ['lnbcrt10u1pjq', /a BOLT 11 invoice, not an offer/],
    ['lnbc1pjq', /a BOLT 11 invoice, not an offer/],
    ['bc1qxyz', /expected the prefix "lno1"/],
    ['', /expected the prefix/],
  ])('%s', (text, message) => {
    expect(() => decodeOffer(text)).toThrow(message)
  })

  it('refuses a path without hops, and a key off the curve', () => {
    const path = (hops: string) => `${ISSUER_ID}${ISSUER_ID}${hops}`
    const offerWith = (pathHex: string) =>
      encode(`10${(pathHex.length / 2).toString(16)}${pathHex}`)
    expect(decodeOffer(offerWith(path(`01${ISSUER_ID}0000`))).paths).toHaveLength(1)
    expect(() => decodeOffer(offerWith(path('00')))).toThrow(/a blinded path without hops/)
    expect(() => decodeOffer(encode(`1621${`02${'ff'.repeat(32)}`}`))).toThrow(
      /offer_issuer_id is not a valid public key/,
    )
  })

  it('refuses a value that is not a string', () => {
    expect(() => decodeOffer(42 as unknown as string)).toThrow(OfferDecodeError)
  })

  it('refuses a non-minimal tu64 and a non-minimal BigSize', () => {
    // offer_amount 0x0001 (leading zero byte), description 'a', issuer id.
    const withAmount = (amountHex: string) =>
      `08${(amountHex.length / 2).toString(16).padStart(2, '0')}${amountHex}0a0161` +
      `1621${ISSUER_ID}`
    expect(decodeOffer(encode(withAmount('01'))).amountMsat).toBe(1n)
    expect(() => decodeOffer(encode(withAmount('0001')))).toThrow(/not minimally encoded/)
    expect(() => decodeOffer(encode(`fd000a01611621${ISSUER_ID}`))).toThrow(/BigSize/)
  })
})

describe('decodeOffer: any input', () => {
  it('either decodes or throws an OfferDecodeError, never anything else', () => {
    const bech32ish = fc
      .array(fc.constantFrom(...'qpzry9x8gf2tvdw0s3jn54khce6mua7l+ \nLNO1'.split('')), {
        maxLength: 200,
      })
      .map((chars) => `lno1${chars.join('')}`)
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), bech32ish), (text) => {
        try {
          decodeOffer(text)
        } catch (error) {
          expect(error).toBeInstanceOf(OfferDecodeError)
          expect((error as OfferDecodeError).code).toBe('OFFER_INVALID')
        }
      }),
      { numRuns: 2_000 },
    )
  })

  it('decodes any TLV stream of random bytes, or refuses it with OfferDecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        try {
          decodeOffer(encode(bytesToHex(bytes)))
        } catch (error) {
          expect(error).toBeInstanceOf(OfferDecodeError)
        }
      }),
      { numRuns: 2_000 },
    )
  })
})

/** A TLV stream (hex) as an offer string: bech32 words, zero-padded, no checksum. */
function encode(hex: string): string {
  const charset = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'
  const bits = [...hexToBytes(hex)].map((b) => b.toString(2).padStart(8, '0')).join('')
  const padded = bits.padEnd(Math.ceil(bits.length / 5) * 5, '0')
  let out = 'lno1'
  for (let i = 0; i < padded.length; i += 5)
    out += charset[Number.parseInt(padded.slice(i, i + 5), 2)]
  return out
}
