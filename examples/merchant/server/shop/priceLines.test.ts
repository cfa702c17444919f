import { describe, expect, it } from 'vitest'
import { priceLines, totalCents } from './priceLines.js'

describe('priceLines', () => {
  it('prices a cart from the catalog, exactly', () => {
    const lines = priceLines({ espresso: 2, beans: 1, grinder: 0 })
    expect(lines.map((l) => [l.productId, l.quantity])).toEqual([
      ['espresso', 2],
      ['beans', 1],
    ])
    expect(totalCents(lines)).toBe(2_500n)
  })
  it('refuses unknown products, bad quantities and empty carts', () => {
    expect(() => priceLines({ tea: 1 })).toThrow(/No product tea/)
    expect(() => priceLines({ espresso: 1.5 })).toThrow(RangeError)
    expect(() => priceLines({ espresso: 100 })).toThrow(RangeError)
    expect(() => priceLines({ espresso: 0 })).toThrow(/empty/)
  })
})
