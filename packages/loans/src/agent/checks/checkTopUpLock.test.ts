import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkTopUpLock } from './checkTopUpLock.js'

const lock = {
  id: 'loan-1:lock:2',
  purpose: 'top-up' as const,
  paymentHash: 'ef'.repeat(32),
  amountSat: 20_000n,
  paymentRequest: 'lnbcrt200u1…',
}
const refused = (message: RegExp) =>
  expect.objectContaining({
    name: 'LoanError',
    reason: 'AGREEMENT_INVALID',
    shortMessage: expect.stringMatching(message),
  })

describe('checkTopUpLock', () => {
  it('returns the invoice of a top-up lock for the amount asked', () => {
    expect(checkTopUpLock(lock, 20_000n)).toBe(lock.paymentRequest)
  })

  it('refuses a lock of another purpose', () => {
    expect(() => checkTopUpLock({ ...lock, purpose: 'rollover' }, 20_000n)).toThrow(
      refused(/a rollover lock, not a top-up lock/),
    )
  })

  it('refuses a top-up lock with no invoice', () => {
    expect(() => checkTopUpLock({ ...lock, paymentRequest: undefined }, 20_000n)).toThrow(
      refused(/top-up lock and no invoice/),
    )
  })

  it('refuses any amount other than the one asked', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (asked, amountSat) => {
          fc.pre(asked !== amountSat)
          expect(() => checkTopUpLock({ ...lock, amountSat }, asked)).toThrow(
            refused(new RegExp(`asks ${amountSat} sat, not the ${asked} asked`)),
          )
        },
      ),
    )
  })
})
