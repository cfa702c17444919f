import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkRolloverLock } from './checkRolloverLock.js'

const lock = {
  id: 'loan-1:lock:3',
  purpose: 'rollover' as const,
  paymentHash: 'ef'.repeat(32),
  amountSat: 1_020_000n,
  paymentRequest: 'lnbcrt10200u1…',
}
const expected = { lockId: lock.id, collateralSat: 1_020_000n }
const refused = (message: RegExp) =>
  expect.objectContaining({
    name: 'LoanError',
    reason: 'AGREEMENT_INVALID',
    shortMessage: expect.stringMatching(message),
  })

describe('checkRolloverLock', () => {
  it('returns the invoice of the rollover lock acknowledged, for the collateral held', () => {
    expect(checkRolloverLock(lock, expected)).toBe(lock.paymentRequest)
  })

  it('refuses another lock than the one acknowledged, or one that is no rollover lock', () => {
    expect(() => checkRolloverLock({ ...lock, id: 'loan-1:lock:4' }, expected)).toThrow(
      refused(/rollover lock loan-1:lock:4, not rollover lock loan-1:lock:3/),
    )
    expect(() => checkRolloverLock({ ...lock, purpose: 'top-up' }, expected)).toThrow(
      refused(/top-up lock loan-1:lock:3, not rollover lock/),
    )
  })

  it('refuses a rollover lock with no invoice', () => {
    expect(() => checkRolloverLock({ ...lock, paymentRequest: undefined }, expected)).toThrow(
      refused(/rollover lock and no invoice/),
    )
  })

  it('refuses any amount other than the collateral held', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (collateralSat, amountSat) => {
          fc.pre(collateralSat !== amountSat)
          expect(() =>
            checkRolloverLock({ ...lock, amountSat }, { ...expected, collateralSat }),
          ).toThrow(
            refused(new RegExp(`asks ${amountSat} sat; the collateral is ${collateralSat}`)),
          )
        },
      ),
    )
  })
})
