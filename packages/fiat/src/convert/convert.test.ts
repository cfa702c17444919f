import { hasErrorCode } from '@btcfi/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fiatToMsat, msatToFiat } from './convert.js'

const MSAT_PER_BTC = 100_000_000_000n
const rate = fc.bigInt({ min: 1n, max: 10n ** 12n }).map((minorPerBtc) => ({ minorPerBtc }))
const amount = fc.bigInt({ min: 0n, max: 21n * 10n ** 17n })

describe('fiat conversion', () => {
  it('converts exactly at round figures', () => {
    const usd = { minorPerBtc: 10_000_000n } // $100,000.00
    expect(msatToFiat(MSAT_PER_BTC, usd, 'down')).toBe(10_000_000n)
    expect(msatToFiat(1_000_000n, usd, 'down')).toBe(100n) // 1,000 sat: $1.00
    expect(fiatToMsat(100n, usd, 'up')).toBe(1_000_000n)
    expect(msatToFiat(21_000_000n, { minorPerBtc: 9_712_345n }, 'down')).toBe(2_039n)
    expect(msatToFiat(21_000_000n, { minorPerBtc: 9_712_345n }, 'up')).toBe(2_040n)
    expect(fiatToMsat(500n, { minorPerBtc: 9_712_345n }, 'up')).toBe(5_148_088n)
    expect(fiatToMsat(500n, { minorPerBtc: 9_712_345n }, 'down')).toBe(5_148_087n)
    expect(msatToFiat(1_000_000n, { minorPerBtc: 1_450_000_000n }, 'half-even')).toBe(14_500n) // yen
  })

  it('rounds down below, up above, and half-even to the nearest, each within one unit of the exact value', () => {
    fc.assert(
      fc.property(amount, rate, (msat, r) => {
        const exactTimesDenominator = msat * r.minorPerBtc
        const down = msatToFiat(msat, r, 'down')
        const up = msatToFiat(msat, r, 'up')
        const even = msatToFiat(msat, r, 'half-even')
        expect(down * MSAT_PER_BTC <= exactTimesDenominator).toBe(true)
        expect(up * MSAT_PER_BTC >= exactTimesDenominator).toBe(true)
        expect(up - down <= 1n).toBe(true)
        expect(even === down || even === up).toBe(true)
        // half-even picks the nearer one (the even one on a tie).
        const below = exactTimesDenominator - down * MSAT_PER_BTC
        const above = up * MSAT_PER_BTC - exactTimesDenominator
        if (below < above) expect(even).toBe(down)
        if (above < below) expect(even).toBe(up)
        if (above === below && up !== down) expect(even % 2n).toBe(0n)
      }),
    )
  })

  it('a price billed rounding up in msat is never worth less than the price, read back rounding down', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), rate, (minor, r) => {
        const msat = fiatToMsat(minor, r, 'up')
        expect(msatToFiat(msat, r, 'up') >= minor).toBe(true)
        expect(msat * r.minorPerBtc >= minor * MSAT_PER_BTC).toBe(true)
        // and it is the least such amount
        if (msat > 0n) expect((msat - 1n) * r.minorPerBtc < minor * MSAT_PER_BTC).toBe(true)
      }),
    )
  })

  it('refuses a float, a negative amount, a zero rate and an unnamed rounding, with typed errors', () => {
    for (const call of [
      () => msatToFiat(1.5 as unknown as bigint, { minorPerBtc: 1n }, 'down'),
      () => msatToFiat(-1n, { minorPerBtc: 1n }, 'down'),
      () => fiatToMsat(1n, { minorPerBtc: 0n }, 'up'),
      () => msatToFiat(1n, { minorPerBtc: 3n }, 'nearest' as 'down'),
    ]) {
      let error: unknown
      try {
        call()
      } catch (caught) {
        error = caught
      }
      expect(hasErrorCode(error, 'INVALID_ARGUMENT') || hasErrorCode(error, 'INVALID_AMOUNT')).toBe(
        true,
      )
    }
  })
})
