import { accrueInterest, defaultTerms, liquidationSplit, ltvAtLeast } from '@btcfi/loans'
import { describe, expect, it } from 'vitest'
import { BOOK_PRICE, DROP_PRICE, quietPrices } from './bookPrices.js'
import { bookPrincipal, liquidatedAtDrop, liquidatesAtDrop } from './bookPrincipal.js'

const BOOK = 1_000_000
const COLLATERAL = 100_000_000n

/** The most interest a book loan owes before its first due: a day's, at the price. */
const dayOfInterest = (principal: bigint, centsPerBtc: bigint) =>
  accrueInterest({
    principal,
    currency: 'USD',
    aprBps: defaultTerms.aprBps,
    elapsedMs: 86_400_000n,
    centsPerBtc,
    carry: 0n,
  }).msat

const reaches = (principal: bigint, centsPerBtc: bigint, arrearsMsat: bigint, bps: bigint) =>
  ltvAtLeast(
    { principal, currency: 'USD', arrearsMsat, collateralSat: COLLATERAL, centsPerBtc },
    bps,
  )

describe('bookPrincipal', () => {
  let lowest = { high: 2n ** 62n, low: 2n ** 62n }
  let highest = { high: 0n, low: 0n }
  let liquidated = 0
  for (let i = 0; i < BOOK; i++) {
    const principal = bookPrincipal(i)
    const group = liquidatesAtDrop(i) ? 'high' : 'low'
    if (group === 'high') liquidated++
    if (principal < lowest[group]) lowest = { ...lowest, [group]: principal }
    if (principal > highest[group]) highest = { ...highest, [group]: principal }
  }

  it('puts exactly 1% of a book of 1,000,000 in the group the drop liquidates', () => {
    expect(liquidated).toBe(10_000)
    expect(liquidatedAtDrop(BOOK)).toBe(10_000)
    expect(lowest.high).toBeGreaterThanOrEqual(5_500_000n)
    expect(highest.high).toBeLessThanOrEqual(5_700_000n)
    expect(lowest.low).toBeGreaterThanOrEqual(3_000_000n)
    expect(highest.low).toBeLessThanOrEqual(4_500_000n)
  })

  it('liquidates every loan of the high group at the drop, with a surplus for the borrower', () => {
    expect(DROP_PRICE).toBe(6_000_000n)
    expect(reaches(lowest.high, DROP_PRICE, 0n, defaultTerms.liquidationLtvBps)).toBe(true)
    const split = liquidationSplit({
      collateralSat: COLLATERAL,
      principal: highest.high,
      currency: 'USD',
      arrearsMsat: dayOfInterest(highest.high, DROP_PRICE),
      centsPerBtc: DROP_PRICE,
      penaltyBps: defaultTerms.penaltyBps,
    })
    expect(split.surplusSat).toBeGreaterThan(0n)
  })

  it('leaves every other loan below the margin call at the drop, a day of interest owed', () => {
    const arrears = dayOfInterest(highest.low, DROP_PRICE)
    expect(reaches(highest.low, DROP_PRICE, arrears, defaultTerms.marginCallLtvBps)).toBe(false)
  })

  it('crosses no trigger at the quiet prices, a day of interest owed', () => {
    for (const price of [BOOK_PRICE, ...quietPrices]) {
      const arrears = dayOfInterest(highest.high, price)
      expect(reaches(highest.high, price, arrears, defaultTerms.marginCallLtvBps)).toBe(false)
    }
  })
})
