import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { accruedMsat, dueMsat } from './accrual.js'
import { interestSchedule } from './interestSchedule.js'

describe('accrual', () => {
  it('accrues from the total active time: any intervals, no drift, no loss', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10_000_000_000n }),
        fc.array(fc.bigInt({ min: 0n, max: 3_600_000n }), { maxLength: 50 }),
        fc.bigInt({ min: 1n, max: 100_000n }),
        (rate, intervals, minSend) => {
          // A sender that ticks at the end of each interval and sends what is due.
          let active = 0n
          let sent = 0n
          for (const interval of intervals) {
            active += interval
            sent += dueMsat({
              accrued: accruedMsat({ msatPerSecond: rate }, active),
              sent,
              minSendMsat: minSend,
            })
          }
          const accrued = (rate * active) / 1000n
          expect(accruedMsat({ msatPerSecond: rate }, active)).toBe(accrued)
          // Everything accrued is sent or carried; what is carried is below the minimum.
          expect(sent).toBeLessThanOrEqual(accrued)
          expect(accrued - sent).toBeLessThan(minSend)
        },
      ),
    )
  })

  it('never sends beyond the cap', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        (accrued, cap) => {
          const due = dueMsat({ accrued, sent: 0n, capMsat: cap, minSendMsat: 1n })
          // biome-ignore lint/complexity/useMathMinMax: bigints (Math.min takes numbers)
          expect(due).toBe(accrued < cap ? accrued : cap)
        },
      ),
    )
  })

  it('holds back amounts below the minimum send', () => {
    expect(dueMsat({ accrued: 999n, sent: 0n, minSendMsat: 1000n })).toBe(0n)
    expect(dueMsat({ accrued: 2_999n, sent: 1_000n, minSendMsat: 1000n })).toBe(1_999n)
  })
})

describe('interestSchedule', () => {
  it('accrues simple interest exactly, in msat', () => {
    // 1 BTC at 10% APR for a year is 0.1 BTC.
    const yearMs = 365n * 24n * 3600n * 1000n
    const btc = interestSchedule({ principal: 100_000_000_000n, currency: 'msat', aprBps: 1_000n })
    expect(accruedMsat(btc, yearMs)).toBe(10_000_000_000n)
    // $50,000 at 12% for a year at $100,000/BTC is $6,000 = 0.06 BTC.
    const usd = interestSchedule({
      principal: 5_000_000n,
      currency: 'USD',
      aprBps: 1_200n,
      priceCentsPerBtc: () => 10_000_000n,
    })
    expect(accruedMsat(usd, yearMs)).toBe(6_000_000_000n)
  })

  it('is monotonic and additive over time, to the msat', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 10n }),
        fc.bigInt({ min: 1n, max: 5_000n }),
        fc.bigInt({ min: 0n, max: 10n ** 11n }),
        fc.bigInt({ min: 0n, max: 10n ** 11n }),
        (principal, apr, a, b) => {
          const schedule = interestSchedule({ principal, currency: 'msat', aprBps: apr })
          const whole = accruedMsat(schedule, a + b)
          expect(whole).toBeGreaterThanOrEqual(accruedMsat(schedule, a))
          // Floors of parts never exceed the floor of the whole by more than one unit per part.
          expect(
            whole - accruedMsat(schedule, a) - accruedMsat(schedule, b),
          ).toBeGreaterThanOrEqual(0n)
          expect(whole - accruedMsat(schedule, a) - accruedMsat(schedule, b)).toBeLessThanOrEqual(
            1n,
          )
        },
      ),
    )
  })
})
