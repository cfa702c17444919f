import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { disbursementFeeLimitMsat } from '../loan/agreementOf.js'
import type { LockRecord } from '../loan/LoanRecord.js'
import { sampleLoan } from '../testing/sampleLoan.js'
import { unpaidMsat } from './accrueLedger.js'
import { checkTopUp } from './checkTopUp.js'
import { rateLimiter } from './rateLimiter.js'

const lock = (purpose: LockRecord['purpose'], state: LockRecord['state']): LockRecord => ({
  id: `loan-1:lock:${Math.random()}`,
  purpose,
  paymentHash: 'ab'.repeat(32),
  amountSat: 1_000n,
  cltvExpiry: 450,
  paymentRequest: undefined,
  state,
  expiryHeight: undefined,
  createdAtMs: 0,
})

describe('the disbursement fee', () => {
  it('is capped at bps of the principal, at least 10 sat', () => {
    expect(disbursementFeeLimitMsat(500_000_000n, 50n)).toBe(2_500_000n)
    expect(disbursementFeeLimitMsat(1_000_000n, 50n)).toBe(10_000n)
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10_000n }),
        (p, bps) => {
          const cap = disbursementFeeLimitMsat(p, bps)
          expect(cap >= 10_000n).toBe(true)
          expect(cap === 10_000n || cap * 10_000n <= p * bps).toBe(true)
        },
      ),
    )
  })
  it('is owed by the borrower once the principal is paid, with the interest arrears', () => {
    const paid = sampleLoan({
      state: 'ACTIVE',
      disbursement: {
        paymentHash: 'cd'.repeat(32),
        amountMsat: 500_000_000n,
        status: 'SUCCEEDED',
        feeMsat: 1_234n,
        failure: undefined,
      },
      interest: { carry: 0n, accruedMsat: 900n, paidMsat: 100n, accruedToMs: 0, dues: [] },
    })
    expect(unpaidMsat(paid)).toBe(800n + 1_234n)
    const inFlight = {
      ...paid,
      disbursement: { ...paid.disbursement!, status: 'SENDING' as const },
    }
    expect(unpaidMsat(inFlight)).toBe(800n)
  })
})

describe('top-ups', () => {
  const loan = (locks: LockRecord[]) =>
    sampleLoan({ state: 'ACTIVE', locks: [lock('initial', 'ACCEPTED'), ...locks] })
  it('at most the collateral at once', () => {
    const l = loan([])
    expect(() => checkTopUp(l, l.agreement.collateralSat + 1n, 8)).toThrow(
      /at most the loan's collateral/,
    )
    expect(() => checkTopUp(l, l.agreement.collateralSat, 8)).not.toThrow()
  })
  it('one open at a time, and a bounded number', () => {
    expect(() => checkTopUp(loan([lock('top-up', 'OPEN')]), 1n, 8)).toThrow(/open already/)
    expect(() => checkTopUp(loan([lock('top-up', 'PENDING')]), 1n, 8)).toThrow(/open already/)
    expect(() =>
      checkTopUp(loan([lock('top-up', 'CANCELED'), lock('top-up', 'ACCEPTED')]), 1n, 2),
    ).toThrow(/its 2 top-ups/)
    expect(() =>
      checkTopUp(loan([lock('top-up', 'CANCELED'), lock('rollover', 'OPEN')]), 1n, 2),
    ).not.toThrow()
  })
})

describe('rateLimiter', () => {
  it('lets `limit` calls per key through in each window, and starts again in the next', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 60 }),
        (limit, calls) => {
          let t = 0
          const limiter = rateLimiter({ limit, windowMs: 1_000, now: () => t })
          const passed = Array.from({ length: calls }, () => limiter.take('a')).filter(
            Boolean,
          ).length
          expect(passed).toBe(Math.min(limit, calls))
          expect(limiter.take('b')).toBe(true) // another key has its own share
          t += 1_000
          expect(limiter.take('a')).toBe(true)
        },
      ),
    )
  })
})
