import { describe, expect, it } from 'vitest'
import { accrueInterest } from '../money/accrueInterest.js'
import { sampleLoan } from '../testing/sampleLoan.js'
import { accrueLedger, arrearsMsat, creditLedger } from './accrueLedger.js'
import { keyedMutex } from './keyedMutex.js'

const DAY = 86_400_000
const T = 1_700_000_000_000

describe('accrueLedger', () => {
  const loan = sampleLoan({
    state: 'ACTIVE',
    disbursedAtMs: T,
    interest: { carry: 0n, accruedMsat: 0n, paidMsat: 0n, accruedToMs: T, dues: [] },
  })
  const daily = accrueInterest({
    principal: 5_000_000n,
    currency: 'USD',
    aprBps: 1_200n,
    elapsedMs: BigInt(DAY),
    centsPerBtc: 10_000_000n,
    carry: 0n,
  })

  it('accrues exactly and makes a due at the end of each day', () => {
    const { interest, newDues } = accrueLedger(loan, T + 2 * DAY + 5, 10_000_000n)
    const total = accrueInterest({
      principal: 5_000_000n,
      currency: 'USD',
      aprBps: 1_200n,
      elapsedMs: BigInt(2 * DAY + 5),
      centsPerBtc: 10_000_000n,
      carry: 0n,
    })
    expect(interest.accruedMsat).toBe(total.msat)
    expect(interest.carry).toBe(total.carry)
    expect(newDues.map((d) => d.atMs)).toEqual([T + DAY, T + 2 * DAY])
    expect(newDues[0]!.amountMsat).toBe(daily.msat)
    expect(interest.accruedToMs).toBe(T + 2 * DAY + 5)
  })
  it('in small steps, the same as in one (no due twice, no msat lost)', () => {
    let current = loan
    const dues: number[] = []
    for (let t = T + 3_600_000; t <= T + 3 * DAY; t += 3_600_000) {
      const { interest, newDues } = accrueLedger(current, t, 10_000_000n)
      current = { ...current, interest }
      dues.push(...newDues.map((d) => d.atMs))
    }
    const once = accrueLedger(loan, T + 3 * DAY, 10_000_000n)
    expect(current.interest).toEqual(once.interest)
    expect(dues).toEqual([T + DAY, T + 2 * DAY, T + 3 * DAY])
  })
  it('a payment drops the dues it covers; arrears are what is unpaid', () => {
    const { interest } = accrueLedger(loan, T + 2 * DAY, 10_000_000n)
    expect(interest.dues).toHaveLength(2)
    const paid = creditLedger(interest, daily.msat)
    expect(paid.dues.map((d) => d.atMs)).toEqual([T + 2 * DAY])
    expect(arrearsMsat(paid)).toBe(interest.accruedMsat - daily.msat)
    expect(creditLedger(paid, interest.accruedMsat).dues).toEqual([])
    expect(arrearsMsat(creditLedger(paid, interest.accruedMsat))).toBe(0n)
  })
  it('nothing before the disbursement', () => {
    const waiting = sampleLoan()
    expect(accrueLedger(waiting, T + DAY, 10_000_000n).interest).toBe(waiting.interest)
  })
})

it('keyedMutex runs one at a time per key, in order, and goes on after a failure', async () => {
  const run = keyedMutex()
  const log: string[] = []
  const step = (key: string, name: string, ms: number, fail = false) =>
    run(key, async () => {
      log.push(`${name}+`)
      await new Promise((resolve) => setTimeout(resolve, ms))
      log.push(`${name}-`)
      if (fail) throw new Error(name)
      return name
    })
  const results = await Promise.allSettled([
    step('a', 'a1', 20, true),
    step('a', 'a2', 1),
    step('b', 'b1', 5),
  ])
  expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled'])
  expect(log.indexOf('a1-')).toBeLessThan(log.indexOf('a2+'))
  expect(log.indexOf('b1+')).toBeLessThan(log.indexOf('a1-'))
})
