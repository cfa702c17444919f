import { describe, expect, it } from 'vitest'
import { checkWaitedState } from './checkWaitedState.js'

const refused = (message: RegExp) =>
  expect.objectContaining({
    name: 'LoanError',
    reason: 'LOAN_STATE',
    shortMessage: expect.stringMatching(message),
  })

describe('checkWaitedState', () => {
  it('is done once the loan is in a state waited for, even a final one, even late', () => {
    expect(checkWaitedState({ state: 'ACTIVE' }, ['ACTIVE'], false)).toBe(true)
    expect(checkWaitedState({ state: 'REPAID' }, ['ACTIVE', 'REPAID'], true)).toBe(true)
  })

  it('keeps waiting while the loan is elsewhere and time is left', () => {
    expect(checkWaitedState({ state: 'AWAITING_LOCK' }, ['ACTIVE'], false)).toBe(false)
  })

  it('refuses a loan that ended in another final state, with why it was canceled', () => {
    expect(() =>
      checkWaitedState({ state: 'CANCELED', cancelReason: 'lock unpaid' }, ['ACTIVE'], false),
    ).toThrow(refused(/ended CANCELED \(lock unpaid\), not ACTIVE/))
    expect(() => checkWaitedState({ state: 'LIQUIDATED' }, ['ACTIVE', 'REPAID'], false)).toThrow(
      refused(/ended LIQUIDATED, not ACTIVE or REPAID/),
    )
  })

  it('refuses once the wait timed out', () => {
    expect(() => checkWaitedState({ state: 'DISBURSING' }, ['ACTIVE'], true)).toThrow(
      refused(/still DISBURSING after waiting for ACTIVE/),
    )
  })
})
