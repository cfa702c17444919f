import { LoanError } from '../../errors/LoanError.js'
import type { LoanAgreement } from '../../loan/LoanAgreement.js'
import { canonicalJson } from '../../protocol/canonicalJson.js'

/**
 * Refuses the desk's answer to `POST /v1/loans` unless it is the agreement the
 * borrower signed, for a loan of that id and agreement (`AGREEMENT_INVALID`).
 *
 * @example
 * checkOpenedAgreement(opened, agreementOf(quote, disbursementHash))
 */
export function checkOpenedAgreement(
  answer: { agreement: LoanAgreement; loan: { id: string; agreement: LoanAgreement } },
  signed: LoanAgreement,
): void {
  const text = canonicalJson(signed)
  if (canonicalJson(answer.agreement) !== text) {
    throw new LoanError(
      'AGREEMENT_INVALID',
      'The desk answered with another agreement than the one signed.',
    )
  }
  if (answer.loan.id !== signed.loanId || canonicalJson(answer.loan.agreement) !== text) {
    throw new LoanError(
      'AGREEMENT_INVALID',
      `The desk answered with loan ${answer.loan.id}, not loan ${signed.loanId} on the agreement signed.`,
    )
  }
}
