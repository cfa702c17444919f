import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { btcToMsat, formatMsat, MAX_MSAT, msatToSat, parseAmount, satToMsat } from './amounts.js'

const msat = fc.bigInt({ min: 0n, max: MAX_MSAT })

describe('amounts', () => {
  it('parses what it formats, in every unit, for any amount', () => {
    fc.assert(
      fc.property(
        msat,
        fc.constantFrom('msat', 'sat', 'btc') as fc.Arbitrary<'msat' | 'sat' | 'btc'>,
        (value, unit) => {
          expect(parseAmount(`${formatMsat(value, { unit })} ${unit}`)).toBe(value)
        },
      ),
    )
  })

  it('converts sat and msat exactly, and rounds only when asked', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: MAX_MSAT / 1000n }),
        fc.bigInt({ min: 0n, max: 999n }),
        (sat, rest) => {
          const value = satToMsat(sat) + rest
          expect(msatToSat(value, 'floor')).toBe(sat)
          expect(msatToSat(value, 'ceil')).toBe(rest === 0n ? sat : sat + 1n)
          if (rest === 0n) expect(msatToSat(value)).toBe(sat)
          else
            expect(() => msatToSat(value)).toThrow(
              expect.objectContaining({ code: 'INVALID_AMOUNT' }),
            )
        },
      ),
    )
  })

  it('reads the usual ways of writing amounts', () => {
    expect(parseAmount('1500 sat')).toBe(1_500_000n)
    expect(parseAmount('1500sats')).toBe(1_500_000n)
    expect(parseAmount(' 1.5 SAT ')).toBe(1_500n)
    expect(parseAmount('2500 msat')).toBe(2_500n)
    expect(parseAmount('0.0001 BTC')).toBe(10_000_000n)
    expect(parseAmount('21000000 btc')).toBe(MAX_MSAT)
    expect(btcToMsat('0.00000000001')).toBe(1n)
    expect(btcToMsat('1')).toBe(100_000_000_000n)
  })

  it.each([
    '',
    'sat',
    '1500',
    '-1 sat',
    '+1 sat',
    '1e3 sat',
    '1.5 msat',
    '0.0001 sat',
    '0.000000000001 btc',
    '21000000.00000000001 btc',
    '1,5 sat',
    'NaN sat',
    '0x10 sat',
  ])('refuses %j', (text) => {
    expect(() => parseAmount(text)).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }))
  })

  it('formats exactly, trimming trailing zeros', () => {
    expect(formatMsat(1_500n, { unit: 'sat' })).toBe('1.5')
    expect(formatMsat(100_000_000_000n, { unit: 'btc' })).toBe('1')
    expect(formatMsat(1n, { unit: 'btc' })).toBe('0.00000000001')
    expect(formatMsat(0n)).toBe('0')
  })

  it('refuses negative and non-bigint amounts', () => {
    expect(() => satToMsat(-1n)).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }))
    expect(() => formatMsat(1 as unknown as bigint)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})
