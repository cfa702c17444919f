import { describe, expect, it } from 'vitest'
import { sampleLoan } from '../../testing/sampleLoan.js'
import { checkLoanAgreement } from './checkLoanAgreement.js'

const loan = sampleLoan()
const expected = {
  loanId: loan.id,
  deskPubkey: loan.agreement.deskPubkey,
  borrowerPubkey: loan.agreement.borrowerPubkey,
}
const refused = (message: RegExp) =>
  expect.objectContaining({
    name: 'LoanError',
    reason: 'AGREEMENT_INVALID',
    shortMessage: expect.stringMatching(message),
  })

describe('checkLoanAgreement', () => {
  it('accepts the loan asked, between this desk and this borrower', () => {
    expect(() => checkLoanAgreement(loan, expected)).not.toThrow()
  })

  it('refuses another loan, or a loan showing the agreement of another', () => {
    expect(() => checkLoanAgreement({ ...loan, id: 'loan-2' }, expected)).toThrow(
      refused(/answered with loan loan-2 \(agreement loan-1\), not loan-1/),
    )
    expect(() =>
      checkLoanAgreement({ ...loan, agreement: { ...loan.agreement, loanId: 'loan-2' } }, expected),
    ).toThrow(refused(/loan loan-1 \(agreement loan-2\)/))
  })

  it('refuses an agreement between other parties', () => {
    expect(() =>
      checkLoanAgreement(loan, { ...expected, deskPubkey: `03${'bb'.repeat(32)}` }),
    ).toThrow(refused(/not between this desk and this borrower/))
    expect(() =>
      checkLoanAgreement(loan, { ...expected, borrowerPubkey: `03${'aa'.repeat(32)}` }),
    ).toThrow(refused(/not between this desk and this borrower/))
  })
})
