import { describe, expect, it } from 'vitest'
import { checkStreamable } from './checkStreamable.js'

const refused = (message: RegExp) =>
  expect.objectContaining({
    name: 'LoanError',
    reason: 'LOAN_STATE',
    shortMessage: expect.stringMatching(message),
  })

describe('checkStreamable', () => {
  it('returns the disbursement time of an ACTIVE loan', () => {
    expect(checkStreamable({ state: 'ACTIVE', disbursedAtMs: 1_700_000_000_000 })).toBe(
      1_700_000_000_000,
    )
  })

  it('refuses a loan that is not ACTIVE, or has no disbursement time', () => {
    expect(() => checkStreamable({ state: 'REPAID', disbursedAtMs: 1 })).toThrow(
      refused(/loan is REPAID: no interest to stream/),
    )
    expect(() => checkStreamable({ state: 'ACTIVE', disbursedAtMs: undefined })).toThrow(
      refused(/loan is ACTIVE: no interest to stream/),
    )
  })
})
