import type { Hex } from '@btcfi/core'
import { LoanError } from '../../errors/LoanError.js'
import type { LoanAgreement } from '../../loan/LoanAgreement.js'

/**
 * A loan's status names the loan asked for, and its agreement is between this
 * desk and this borrower (`AGREEMENT_INVALID`). With `checkAgreementSigner`
 * over the borrower's signature it proves the terms are the ones signed.
 *
 * @example
 * checkLoanAgreement(await agent.status(loanId), { loanId, borrowerPubkey, deskPubkey })
 */
export function checkLoanAgreement(
  loan: { id: string; agreement: Pick<LoanAgreement, 'loanId' | 'deskPubkey' | 'borrowerPubkey'> },
  expected: { loanId: string; deskPubkey: Hex; borrowerPubkey: Hex },
): void {
  if (loan.id !== expected.loanId || loan.agreement.loanId !== expected.loanId) {
    throw new LoanError(
      'AGREEMENT_INVALID',
      `The desk answered with loan ${loan.id} (agreement ${loan.agreement.loanId}), not ${expected.loanId}.`,
    )
  }
  if (
    loan.agreement.deskPubkey !== expected.deskPubkey ||
    loan.agreement.borrowerPubkey !== expected.borrowerPubkey
  ) {
    throw new LoanError(
      'AGREEMENT_INVALID',
      "The loan's agreement is not between this desk and this borrower.",
    )
  }
}
