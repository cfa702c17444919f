import { readdirSync, readFileSync } from 'node:fs'
import { MSAT_PER_BTC, SAT_PER_BTC } from '@btcfi/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { accrueInterest } from './accrueInterest.js'
import { collateralSat } from './collateralSat.js'
import { BPS, type Currency, YEAR_MS } from './constants.js'
import { liquidationSplit } from './liquidationSplit.js'
import { ltvAtLeast, ltvBps } from './ltv.js'
import { valueMsat } from './valueMsat.js'

const price = fc.bigInt({ min: 100_000n, max: 100_000_000_000n }) // $1,000 to $1bn per BTC
const cents = fc.bigInt({ min: 1n, max: 1_000_000_000_000n }) // up to $10bn
const sats = fc.bigInt({ min: 1n, max: 2_100_000_000_000_000n })
const ltv = fc.bigInt({ min: 1n, max: BPS })
const currency = fc.constantFrom<Currency>('USD', 'sat')
const invalidAmount = expect.objectContaining({ code: 'INVALID_AMOUNT' })

describe('collateralSat', () => {
  it('is the least number of sat whose value × LTV covers the principal (USD)', () => {
    fc.assert(
      fc.property(cents, price, ltv, (principal, centsPerBtc, ltvBps) => {
        const sat = collateralSat({ principal, currency: 'USD', centsPerBtc, ltvBps })
        // value in cents × LTV ≥ principal, compared exactly: sat × price × ltv ≥ principal × 1e8 × BPS
        expect(sat * centsPerBtc * ltvBps >= principal * SAT_PER_BTC * BPS).toBe(true)
        expect((sat - 1n) * centsPerBtc * ltvBps < principal * SAT_PER_BTC * BPS).toBe(true)
      }),
    )
  })
  it('is the least number of sat that covers a sat principal', () => {
    fc.assert(
      fc.property(sats, ltv, (principal, ltvBps) => {
        const sat = collateralSat({ principal, currency: 'sat', centsPerBtc: 0n, ltvBps })
        expect(sat * ltvBps >= principal * BPS).toBe(true)
        expect((sat - 1n) * ltvBps < principal * BPS).toBe(true)
      }),
    )
  })
  it('known values', () => {
    const usd = { currency: 'USD' as const, centsPerBtc: 10_000_000n }
    expect(collateralSat({ ...usd, principal: 5_000_000n, ltvBps: 5_000n })).toBe(100_000_000n)
    // $1 at $100,000 and 50%: 2000 sat exactly; $0.01: 20 sat
    expect(collateralSat({ ...usd, principal: 100n, ltvBps: 5_000n })).toBe(2_000n)
    expect(collateralSat({ ...usd, principal: 1n, ltvBps: 5_000n })).toBe(20n)
    // $1 at $30,000 and 70%: 4761.9… sat → 4762
    expect(
      collateralSat({ principal: 100n, currency: 'USD', centsPerBtc: 3_000_000n, ltvBps: 7_000n }),
    ).toBe(4_762n)
  })
  it('refuses a zero principal, LTV out of range and a zero price', () => {
    const base = { principal: 1n, currency: 'USD' as const, centsPerBtc: 1n, ltvBps: 5_000n }
    expect(() => collateralSat({ ...base, principal: 0n })).toThrow(invalidAmount)
    expect(() => collateralSat({ ...base, ltvBps: 0n })).toThrow(invalidAmount)
    expect(() => collateralSat({ ...base, ltvBps: 10_001n })).toThrow(invalidAmount)
    expect(() => collateralSat({ ...base, centsPerBtc: 0n })).toThrow(invalidAmount)
    expect(() => collateralSat({ ...base, principal: 1 as unknown as bigint })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})

describe('valueMsat', () => {
  it('floor ≤ exact value ≤ ceil, within 1 msat', () => {
    fc.assert(
      fc.property(cents, price, (amount, centsPerBtc) => {
        const p = { amount, currency: 'USD' as const, centsPerBtc }
        const floor = valueMsat(p, 'floor')
        const ceil = valueMsat(p, 'ceil')
        expect(floor * centsPerBtc <= amount * MSAT_PER_BTC).toBe(true)
        expect(ceil * centsPerBtc >= amount * MSAT_PER_BTC).toBe(true)
        expect(ceil - floor <= 1n).toBe(true)
      }),
    )
    expect(valueMsat({ amount: 7n, currency: 'sat', centsPerBtc: 0n }, 'floor')).toBe(7_000n)
  })
})

describe('ltv', () => {
  it('ltvAtLeast agrees with the rounded LTV and is exact at the boundary', () => {
    fc.assert(
      fc.property(
        cents,
        fc.bigInt({ min: 0n, max: 10_000_000_000n }),
        sats,
        price,
        ltv,
        (principal, arrearsMsat, collateral, centsPerBtc, threshold) => {
          const position = {
            principal,
            currency: 'USD' as const,
            arrearsMsat,
            collateralSat: collateral,
            centsPerBtc,
          }
          const rounded = ltvBps(position)!
          // The rounded LTV is floor(exact): at or above a threshold iff floor ≥ threshold.
          expect(ltvAtLeast(position, threshold)).toBe(rounded >= threshold)
        },
      ),
    )
  })
  it('known values: $50,000 on 1 BTC', () => {
    const position = {
      principal: 5_000_000n,
      currency: 'USD' as const,
      arrearsMsat: 0n,
      collateralSat: 100_000_000n,
    }
    expect(ltvBps({ ...position, centsPerBtc: 10_000_000n })).toBe(5_000n)
    expect(ltvBps({ ...position, centsPerBtc: 6_250_000n })).toBe(8_000n)
    expect(ltvAtLeast({ ...position, centsPerBtc: 6_250_000n }, 8_000n)).toBe(true)
    // one cent more per BTC and the LTV is just under 80%
    expect(ltvAtLeast({ ...position, centsPerBtc: 6_250_001n }, 8_000n)).toBe(false)
    expect(ltvBps({ ...position, collateralSat: 0n, centsPerBtc: 1n })).toBe(null)
    expect(ltvAtLeast({ ...position, collateralSat: 0n, centsPerBtc: 1n }, 9_000n)).toBe(true)
    // arrears count: 0.1 BTC of unpaid interest on a 0.5 BTC sat loan
    expect(
      ltvBps({
        principal: 50_000_000n,
        currency: 'sat',
        arrearsMsat: 10_000_000_000n,
        collateralSat: 100_000_000n,
        centsPerBtc: 0n,
      }),
    ).toBe(6_000n)
  })
})

describe('accrueInterest', () => {
  const exactUnits = (principal: bigint, c: Currency, aprBps: bigint, ms: bigint) =>
    (c === 'USD' ? principal * MSAT_PER_BTC : principal * 1000n) * aprBps * ms

  it('cut into any steps, adds up to floor of the one-step interest, at a constant price', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 1_000_000_000_000n }),
        currency,
        fc.bigInt({ min: 0n, max: 100_000n }),
        price,
        fc.array(fc.bigInt({ min: 0n, max: 40n * 86_400_000n }), { maxLength: 40 }),
        (principal, c, aprBps, centsPerBtc, steps) => {
          let carry = 0n
          let total = 0n
          for (const elapsedMs of steps) {
            const step = accrueInterest({
              principal,
              currency: c,
              aprBps,
              elapsedMs,
              centsPerBtc,
              carry,
            })
            total += step.msat
            carry = step.carry
          }
          const allMs = steps.reduce((a, b) => a + b, 0n)
          const one = accrueInterest({
            principal,
            currency: c,
            aprBps,
            elapsedMs: allMs,
            centsPerBtc,
            carry: 0n,
          })
          expect(total).toBe(one.msat)
          expect(carry).toBe(one.carry)
          // and that is floor(exact): exact − 1 msat < total ≤ exact
          const perMsat = (c === 'USD' ? centsPerBtc : 1n) * BPS * YEAR_MS
          const exact = exactUnits(principal, c, aprBps, allMs)
          expect(total * perMsat <= exact && exact < (total + 1n) * perMsat).toBe(true)
        },
      ),
    )
  })

  it('a USD loan: no value created or lost when the price changes between steps', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 1_000_000_000_000n }),
        fc.bigInt({ min: 0n, max: 100_000n }),
        fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 40n * 86_400_000n }), price), {
          maxLength: 40,
        }),
        (principal, aprBps, steps) => {
          let carry = 0n
          let paidUnits = 0n
          for (const [elapsedMs, centsPerBtc] of steps) {
            const step = accrueInterest({
              principal,
              currency: 'USD',
              aprBps,
              elapsedMs,
              centsPerBtc,
              carry,
            })
            paidUnits += step.msat * centsPerBtc * BPS * YEAR_MS
            carry = step.carry
            // what is carried is worth less than 1 msat at this price
            expect(carry < centsPerBtc * BPS * YEAR_MS).toBe(true)
          }
          const allMs = steps.reduce((a, [ms]) => a + ms, 0n)
          expect(paidUnits + carry).toBe(exactUnits(principal, 'USD', aprBps, allMs))
        },
      ),
    )
  })

  it('known values', () => {
    // 1,000,000 sat at 10% for one hour: 1e9 msat × 0.1 / 8760 = 11_415.5… msat
    const step = accrueInterest({
      principal: 1_000_000n,
      currency: 'sat',
      aprBps: 1_000n,
      elapsedMs: 3_600_000n,
      centsPerBtc: 0n,
      carry: 0n,
    })
    expect(step.msat).toBe(11_415n)
    // a year of 12% on $50,000 at $100,000/BTC: $6,000 = 0.06 BTC = 6e9 msat
    expect(
      accrueInterest({
        principal: 5_000_000n,
        currency: 'USD',
        aprBps: 1_200n,
        elapsedMs: YEAR_MS,
        centsPerBtc: 10_000_000n,
        carry: 0n,
      }),
    ).toEqual({ msat: 6_000_000_000n, carry: 0n })
  })
})

describe('liquidationSplit', () => {
  it('keep + surplus = collateral, to the sat; the lender keeps debt + penalty rounded up once, capped', () => {
    fc.assert(
      fc.property(
        sats,
        cents,
        fc.bigInt({ min: 0n, max: 1_000_000_000n }),
        price,
        fc.bigInt({ min: 0n, max: 2_000n }),
        (collateral, principal, arrearsMsat, centsPerBtc, penaltyBps) => {
          const s = liquidationSplit({
            collateralSat: collateral,
            principal,
            currency: 'USD',
            arrearsMsat,
            centsPerBtc,
            penaltyBps,
          })
          expect(s.keepSat + s.surplusSat).toBe(collateral)
          expect(s.keepSat >= 0n && s.surplusSat >= 0n).toBe(true)
          // owed exactly, on the scale msat × price × BPS
          const owed = (principal * MSAT_PER_BTC + arrearsMsat * centsPerBtc) * (BPS + penaltyBps)
          const scale = centsPerBtc * BPS * 1000n
          if (s.surplusSat > 0n) {
            // not capped: the least whole sat that covers what is owed
            expect(s.keepSat * scale >= owed).toBe(true)
            expect((s.keepSat - 1n) * scale < owed).toBe(true)
            expect(s.shortfallMsat).toBe(0n)
          } else {
            // capped (or exactly covered): the lender keeps all and is owed at least that
            expect(s.keepSat).toBe(collateral)
            expect(collateral * scale <= owed + scale - 1n).toBe(true)
          }
        },
      ),
    )
  })
  it('known values: a crash from $100,000 to $55,000 on a $50,000 loan of 1 BTC, 5% penalty', () => {
    const s = liquidationSplit({
      collateralSat: 100_000_000n,
      principal: 5_000_000n,
      currency: 'USD',
      arrearsMsat: 0n,
      centsPerBtc: 5_500_000n,
      penaltyBps: 500n,
    })
    // $52,500 at $55,000 = 0.954545454545… BTC
    expect(s).toEqual({
      debtMsat: 90_909_090_910n,
      owedMsat: 95_454_545_455n,
      keepSat: 95_454_546n,
      surplusSat: 4_545_454n,
      shortfallMsat: 0n,
    })
    const under = liquidationSplit({
      collateralSat: 100_000_000n,
      principal: 5_000_000n,
      currency: 'USD',
      arrearsMsat: 0n,
      centsPerBtc: 4_000_000n,
      penaltyBps: 500n,
    })
    expect(under.keepSat).toBe(100_000_000n)
    expect(under.surplusSat).toBe(0n)
    expect(under.shortfallMsat).toBe(131_250_000_000n - 100_000_000_000n)
  })
})

it('no float anywhere: the money code never converts through Number', () => {
  const dir = new URL('./', import.meta.url)
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const source = readFileSync(new URL(file, dir), 'utf8')
    expect(source, file).not.toMatch(
      /parseFloat|parseInt|Number\(|toFixed|toPrecision|Math\.|\*\s*1e/,
    )
  }
})
