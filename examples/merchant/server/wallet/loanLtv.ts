import { type LoanView, ltvBps } from '@btcfi/loans'

/** The loan-to-value of a loan at a price, basis points (null when no collateral is held). */
export function loanLtv(loan: LoanView, centsPerBtc: bigint): bigint | null {
  return ltvBps({
    principal: loan.agreement.principal,
    currency: loan.agreement.currency,
    arrearsMsat: loan.interest.arrearsMsat,
    collateralSat: loan.collateralSat,
    centsPerBtc,
  })
}
