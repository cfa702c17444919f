import type { PriceOracle, PriceSnapshot } from '@btcfi/loans'
import { describe, expect, it } from 'vitest'
import { cachedPrice } from './cachedPrice.js'

/** An oracle whose answers the test releases one by one. */
function manualOracle() {
  const pending: ((centsPerBtc: bigint) => void)[] = []
  const oracle: PriceOracle = {
    getPrice: () =>
      new Promise<PriceSnapshot>((resolve) => {
        pending.push((centsPerBtc) => resolve({ centsPerBtc, atMs: Date.now(), sources: [] }))
      }),
  }
  return { oracle, pending }
}

describe('cachedPrice', () => {
  it('asks the oracle once for the reads within maxAgeMs', async () => {
    const { oracle, pending } = manualOracle()
    const price = cachedPrice(oracle, 60_000)
    const reads = [price(), price()]
    expect(pending).toHaveLength(1)
    pending[0]!(10_000_000n)
    expect(await Promise.all(reads)).toEqual([10_000_000n, 10_000_000n])
    expect(await price()).toBe(10_000_000n)
    expect(pending).toHaveLength(1)
  })

  it('after invalidate, never serves an answer asked for before it (even one still on its way)', async () => {
    const { oracle, pending } = manualOracle()
    const price = cachedPrice(oracle, 60_000)
    const before = price()
    price.invalidate()
    const after = price()
    expect(pending).toHaveLength(2)
    pending[1]!(6_000_000n)
    pending[0]!(10_000_000n)
    expect(await before).toBe(10_000_000n)
    expect(await after).toBe(6_000_000n)
    expect(await price()).toBe(6_000_000n)
    expect(pending).toHaveLength(2)
  })

  it('forgets a failed answer, so that the next read asks again', async () => {
    let calls = 0
    const price = cachedPrice(
      {
        getPrice: async () => {
          calls++
          if (calls === 1) throw new Error('down')
          return { centsPerBtc: 5_500_000n, atMs: Date.now(), sources: [] }
        },
      },
      60_000,
    )
    await expect(price()).rejects.toThrow('down')
    expect(await price()).toBe(5_500_000n)
    expect(calls).toBe(2)
  })
})
