import { LoanError } from '../errors/LoanError.js'
import type { LoanRecord } from '../loan/LoanRecord.js'

/**
 * Refuses a top-up beyond the desk's bounds (`LIMIT_REACHED`): more than the
 * loan's original collateral at once, a second one while one is still open,
 * or more than `maxTopUps` in the loan's life. A borrower cannot make the
 * desk hold unbounded invoices, HTLC slots or log lines.
 */
export function checkTopUp(loan: LoanRecord, amountSat: bigint, maxTopUps: number): void {
  if (amountSat > loan.agreement.collateralSat) {
    throw new LoanError(
      'LIMIT_REACHED',
      `A top-up may lock at most the loan's collateral, ${loan.agreement.collateralSat} sat.`,
    )
  }
  const topUps = loan.locks.filter((l) => l.purpose === 'top-up')
  if (topUps.some((l) => l.state === 'PENDING' || l.state === 'OPEN')) {
    throw new LoanError(
      'LIMIT_REACHED',
      'A top-up lock of another amount is open already: pay it, or let it expire, first.',
    )
  }
  if (topUps.length >= maxTopUps) {
    throw new LoanError('LIMIT_REACHED', `This loan has had its ${maxTopUps} top-ups.`)
  }
}
