import { describe, expect, it } from 'vitest'
import { sampleLoan } from '../../testing/sampleLoan.js'
import { checkOpenedAgreement } from './checkOpenedAgreement.js'

const signed = sampleLoan().agreement
const refused = (message: RegExp) =>
  expect.objectContaining({
    name: 'LoanError',
    reason: 'AGREEMENT_INVALID',
    shortMessage: expect.stringMatching(message),
  })

describe('checkOpenedAgreement', () => {
  it('accepts the agreement signed, for that loan (any key order)', () => {
    const reordered = Object.fromEntries(Object.entries(signed).reverse()) as typeof signed
    expect(() =>
      checkOpenedAgreement(
        { agreement: reordered, loan: { id: signed.loanId, agreement: signed } },
        signed,
      ),
    ).not.toThrow()
  })

  it('refuses another agreement than the one signed', () => {
    expect(() =>
      checkOpenedAgreement(
        {
          agreement: { ...signed, aprBps: signed.aprBps + 1n },
          loan: { id: signed.loanId, agreement: signed },
        },
        signed,
      ),
    ).toThrow(refused(/another agreement than the one signed/))
  })

  it('refuses a loan of another id, or whose own agreement differs from the one answered', () => {
    expect(() =>
      checkOpenedAgreement(
        { agreement: signed, loan: { id: 'loan-2', agreement: signed } },
        signed,
      ),
    ).toThrow(refused(/answered with loan loan-2, not loan loan-1/))
    expect(() =>
      checkOpenedAgreement(
        {
          agreement: signed,
          loan: {
            id: signed.loanId,
            agreement: { ...signed, lock: { ...signed.lock, periodBlocks: 1_500 } },
          },
        },
        signed,
      ),
    ).toThrow(refused(/not loan loan-1 on the agreement signed/))
  })
})
