import { httpOracle } from '@btcfi/loans'
import { afterAll, describe, expect, it } from 'vitest'
import { startPriceFeed } from './startPriceFeed.js'

const feed = await startPriceFeed({ centsPerBtc: 10_000_000n })
afterAll(() => feed.close())

describe('startPriceFeed', () => {
  it('serves three local exchanges whose median is the set price, and moves them all', async () => {
    const oracle = httpOracle({ sources: feed.sources })
    const first = await oracle.getPrice()
    expect(first.centsPerBtc).toBe(10_000_000n)
    expect(first.sources.map((s) => s.name).sort()).toEqual(['bitstamp', 'coinbase', 'kraken'])
    feed.set(5_500_000n)
    expect((await oracle.getPrice()).centsPerBtc).toBe(5_500_000n)
    expect(() => feed.set(0n)).toThrow(RangeError)
  })
})
