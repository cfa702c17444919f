import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sampleLoan } from '../../testing/sampleLoan.js'
import { checkInitialLock } from './checkInitialLock.js'

const loan = sampleLoan()
const { agreement } = loan
const [initial] = loan.locks as [(typeof loan.locks)[number]]
const refused = (message: RegExp) =>
  expect.objectContaining({
    name: 'LoanError',
    reason: 'AGREEMENT_INVALID',
    shortMessage: expect.stringMatching(message),
  })

describe('checkInitialLock', () => {
  it('returns the initial lock when it asks the agreed collateral', () => {
    expect(initial.amountSat).toBe(agreement.collateralSat)
    expect(checkInitialLock(loan, agreement)).toBe(initial)
  })

  it('refuses an answer with no lock, or whose first lock is not the initial one', () => {
    expect(() => checkInitialLock({ locks: [] }, agreement)).toThrow(refused(/no initial lock/))
    expect(() =>
      checkInitialLock({ locks: [{ ...initial, purpose: 'top-up' }] }, agreement),
    ).toThrow(refused(/no initial lock/))
  })

  it('refuses any lock amount other than the agreed collateral', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (collateralSat, amountSat) => {
          fc.pre(amountSat !== collateralSat)
          expect(() =>
            checkInitialLock({ locks: [{ ...initial, amountSat }] }, { collateralSat }),
          ).toThrow(
            refused(new RegExp(`asks ${amountSat} sat; the agreed collateral is ${collateralSat}`)),
          )
        },
      ),
    )
  })
})
