import { describe, expect, it } from 'vitest'
import { createLimiter } from './createLimiter.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('createLimiter', () => {
  it('never runs more than maxInFlight at once, and runs everything', async () => {
    const limiter = createLimiter({ maxInFlight: 3, perSecond: 1000 })
    let running = 0
    let peak = 0
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          running += 1
          peak = Math.max(peak, running)
          await sleep(5)
          running -= 1
          return i
        }),
      ),
    )
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i))
    expect(peak).toBe(3)
    expect(limiter.peakInFlight).toBe(3)
  })

  it('paces starts to perSecond', async () => {
    const limiter = createLimiter({ maxInFlight: 100, perSecond: 20 })
    const started: number[] = []
    const t0 = Date.now()
    await Promise.all(
      Array.from({ length: 30 }, () => limiter.run(async () => void started.push(Date.now() - t0))),
    )
    // 20 at once from the full bucket (and one more refilled meanwhile), the rest over the next ~half second.
    expect(started.filter((t) => t < 100).length).toBeGreaterThanOrEqual(20)
    expect(started.filter((t) => t < 100).length).toBeLessThanOrEqual(22)
    expect(Math.max(...started)).toBeGreaterThanOrEqual(400)
  })

  it('serves queued work first come, first served', async () => {
    const limiter = createLimiter({ maxInFlight: 1, perSecond: 1000 })
    const order: string[] = []
    await Promise.all(
      ['a', 'b', 'c', 'a2', 'b2'].map((name) => limiter.run(async () => void order.push(name))),
    )
    expect(order).toEqual(['a', 'b', 'c', 'a2', 'b2'])
  })
})
