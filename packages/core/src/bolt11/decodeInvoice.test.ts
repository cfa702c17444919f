import bolt11 from 'bolt11'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeInvoice } from './decodeInvoice.js'
import {
  DESCRIPTION_HASH,
  HASH,
  invalidVectors,
  PAYEE,
  SECRET,
  TIMESTAMP,
  validVectors,
} from './vectors.test-data.js'

const byTitle = (start: string) => {
  const vector = validVectors.find((v) => v.title.startsWith(start))
  if (!vector) throw new Error(`no vector "${start}"`)
  return decodeInvoice(vector.invoice)
}

describe('decodeInvoice: BOLT 11 valid vectors', () => {
  it('decodes every valid vector with the payee, hash and secret of the spec', () => {
    for (const { invoice } of validVectors) {
      const decoded = decodeInvoice(invoice)
      expect(decoded.paymentSecret).toBe(SECRET)
      expect(decoded.payee).toBe(PAYEE)
      if (!invoice.startsWith('lnbc9678785340p')) expect(decoded.paymentHash).toBe(HASH)
    }
    expect(validVectors).toHaveLength(15)
  })

  it('a donation of any amount', () => {
    const d = byTitle('Please make a donation')
    expect(d).toMatchObject({
      network: 'mainnet',
      amountMsat: undefined,
      payee: PAYEE,
      description: 'Please consider supporting this project',
      expirySeconds: 3600,
      minFinalCltvExpiry: 18,
      createdAt: new Date(TIMESTAMP * 1000),
      expiresAt: new Date((TIMESTAMP + 3600) * 1000),
    })
    expect(d.features.map((f) => [f.bit, f.name, f.required])).toEqual([
      [8, 'var_onion_optin', true],
      [14, 'payment_secret', true],
    ])
  })

  it('$3 for a cup of coffee within one minute', () => {
    expect(byTitle('Please send $3')).toMatchObject({
      amountMsat: 250_000_000n,
      description: '1 cup coffee',
      expirySeconds: 60,
      expiresAt: new Date((TIMESTAMP + 60) * 1000),
    })
  })

  it('UTF-8 descriptions', () => {
    expect(byTitle('Please send 0.0025 BTC').description).toBe('ナンセンス 1杯')
  })

  it('a hashed description', () => {
    const d = byTitle('Now send $24')
    expect(d.amountMsat).toBe(2_000_000_000n)
    expect(d.description).toBeUndefined()
    expect(d.descriptionHash).toBe(DESCRIPTION_HASH)
  })

  it('fallback addresses of every kind, on the invoice’s chain', () => {
    expect(byTitle('The same, on testnet')).toMatchObject({
      network: 'testnet',
      fallbackAddresses: ['mk2QpYatsKicvFVuTAQLBryyccRXMUaGHP'],
    })
    expect(byTitle('On mainnet, with fallback (P2SH)').fallbackAddresses).toEqual([
      '3EktnHQD7RiAE6uzMj2ZifT9YgRrkSgzQX',
    ])
    expect(byTitle('On mainnet, with fallback (P2WPKH)').fallbackAddresses).toEqual([
      'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
    ])
    expect(byTitle('On mainnet, with fallback (P2WSH)').fallbackAddresses).toEqual([
      'bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3',
    ])
  })

  it('route hints', () => {
    const d = byTitle('On mainnet, with fallback address 1Rusty')
    expect(d.fallbackAddresses).toEqual(['1RustyRX2oai4EYYDpQGWvEL62BBGqN9T'])
    expect(d.routeHints).toEqual([
      [
        {
          pubkey: '029e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255',
          shortChannelId: '66051x263430x1800', // 0x0102030405060708
          feeBaseMsat: 1n,
          feeProportionalMillionths: 20,
          cltvExpiryDelta: 3,
        },
        {
          pubkey: '039e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255',
          shortChannelId: '197637x395016x2314', // 0x030405060708090a
          feeBaseMsat: 2n,
          feeProportionalMillionths: 30,
          cltvExpiryDelta: 4,
        },
      ],
    ])
  })

  it('amounts in pico-bitcoin, week-long expiry and min_final_cltv_expiry', () => {
    const d = byTitle('Please send 0.00967878534 BTC')
    expect(d).toMatchObject({
      amountMsat: 967_878_534n,
      paymentHash: '462264ede7e14047e9b249da94fefc47f41f7d02ee9b091815a5506bc8abf75f',
      expirySeconds: 604_800,
      minFinalCltvExpiry: 10,
      createdAt: new Date(1572468703 * 1000),
    })
    expect(d.description).toMatch(/^Blockstream Store: 88.85 USD/)
    expect(d.routeHints).toEqual([
      [
        {
          pubkey: '03d06758583bb5154774a6eb221b1276c9e82d65bbaceca806d90e20c108f4b1c7',
          shortChannelId: '589390x3312x1',
          feeBaseMsat: 1000n,
          feeProportionalMillionths: 2500,
          cltvExpiryDelta: 40,
        },
      ],
    ])
  })

  it('features 8, 14 and 99, upper case, and fields that must be ignored', () => {
    for (const title of [
      'Please send $30',
      'Same, but all upper case',
      'Same, but including fields',
    ]) {
      const d = byTitle(title)
      expect(d.amountMsat).toBe(2_500_000_000n)
      expect(d.description).toBe('coffee beans')
      expect(d.payee).toBe(PAYEE)
      expect(d.features.map((f) => f.bit)).toEqual([8, 14, 99])
      expect(d.features.find((f) => f.bit === 99)).toEqual({
        bit: 99,
        name: undefined,
        required: false,
      })
      expect(d.fallbackAddresses).toEqual([])
    }
  })

  it('payment metadata', () => {
    const d = byTitle('Please send 0.01 BTC with payment metadata')
    expect(d.metadata).toBe('01fafaf0')
    expect(d.features.map((f) => f.name)).toContain('option_payment_metadata')
  })

  it('recovers the payee from a high-S signature when there is no n field', () => {
    // s is above n/2 and the recovery id is that of the low-S twin: the
    // bolt11 package (and a naive recovery) would name another key here.
    expect(byTitle('Public-key recovery with high-S').payee).toBe(PAYEE)
  })
})

describe('decodeInvoice: BOLT 11 invalid vectors', () => {
  it.each(invalidVectors.map((v) => [v.title, v.invoice] as const))('%s', (_title, invoice) => {
    expect(() => decodeInvoice(invoice)).toThrow(
      expect.objectContaining({ code: 'INVOICE_INVALID' }),
    )
  })

  it('has all ten invalid vectors of the spec', () => {
    expect(invalidVectors).toHaveLength(10)
  })

  it('rejects non-strings and other garbage with the same error', () => {
    for (const bad of ['', 'lnbc', 'hello', 'lnxx1pvjluez', 42 as unknown as string]) {
      expect(() => decodeInvoice(bad)).toThrow(
        expect.objectContaining({ name: 'InvoiceDecodeError' }),
      )
    }
  })

  it('accepts a lightning: prefix', () => {
    const { invoice } = validVectors[1]!
    expect(decodeInvoice(`lightning:${invoice}`).amountMsat).toBe(250_000_000n)
  })
})

describe('decodeInvoice against the bolt11 package', () => {
  const privateKey = 'e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734'

  it('reads what bolt11 signs, for any amount, expiry, description and network', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 2_100_000_000_000_000n }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.string({ maxLength: 100 }),
        fc.constantFrom('bc', 'tb', 'bcrt'),
        fc.integer({ min: 1_500_000_000, max: 2_000_000_000 }),
        (amountMsat, expiry, description, prefix, timestamp) => {
          const network = {
            bech32: prefix,
            pubKeyHash: 0x6f,
            scriptHash: 0xc4,
            validWitnessVersions: [0, 1],
          }
          const unsigned = bolt11.encode({
            network,
            millisatoshis: amountMsat.toString(),
            timestamp,
            tags: [
              { tagName: 'payment_hash', data: HASH },
              { tagName: 'payment_secret', data: SECRET },
              { tagName: 'description', data: description },
              { tagName: 'expire_time', data: expiry },
            ],
          })
          const { paymentRequest } = bolt11.sign(unsigned, privateKey)
          const decoded = decodeInvoice(paymentRequest!)
          expect(decoded.amountMsat).toBe(amountMsat)
          expect(decoded.expirySeconds).toBe(expiry)
          expect(decoded.description).toBe(description)
          expect(decoded.payee).toBe(PAYEE)
          expect(decoded.createdAt.getTime()).toBe(timestamp * 1000)
          expect(decoded.network).toBe({ bc: 'mainnet', tb: 'testnet', bcrt: 'regtest' }[prefix])
        },
      ),
      { numRuns: 60 },
    )
  })
})
