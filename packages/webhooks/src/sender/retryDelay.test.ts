import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { retryDelay } from './retryDelay.js'

const retry = { initialDelayMs: 5_000, maxDelayMs: 3_600_000, maxAttempts: 15 }

describe('retryDelay', () => {
  it('doubles from the first delay up to the longest, within ±20%, and gives up after the last attempt', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, retry, () => 0.5))).toEqual([
      5_000, 10_000, 20_000, 40_000,
    ])
    expect(retryDelay(14, retry, () => 0.5)).toBe(3_600_000)
    expect(retryDelay(15, retry)).toBeUndefined()
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 14 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const delay = retryDelay(n, retry, () => r)!
          const base = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** (n - 1))
          expect(delay).toBeGreaterThanOrEqual(Math.floor(base * 0.8))
          expect(delay).toBeLessThanOrEqual(Math.ceil(base * 1.2))
        },
      ),
    )
  })
})
