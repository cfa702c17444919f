import { httpOracle } from '@btcfi/loans'
import { afterAll, describe, expect, it } from 'vitest'
import { sourceOf, startPriceFeed } from './startPriceFeed.js'

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

  it('names its exchanges and their URLs: an oracle of its own (another process) reads the same price', async () => {
    expect(feed.exchanges.map((e) => e.exchange)).toEqual(['coinbase', 'kraken', 'bitstamp'])
    const own = httpOracle({
      sources: feed.exchanges.map(({ exchange, baseUrl }) => sourceOf[exchange](baseUrl)),
    })
    feed.set(6_000_000n)
    expect((await own.getPrice()).centsPerBtc).toBe(6_000_000n)
  })
})
