import { LoanError } from '../../errors/LoanError.js'
import { finalLoanStates, type LoanState } from '../../loan/LoanRecord.js'

/**
 * One look while waiting for a loan state: true once the loan is in one of
 * `states`, false to keep waiting; `LOAN_STATE` once it ended in another
 * final state, or when `timedOut` and it is still elsewhere.
 *
 * @example
 * if (checkWaitedState(loan, ['ACTIVE'], Date.now() > deadline)) return loan
 */
export function checkWaitedState(
  loan: { state: LoanState; cancelReason?: string | undefined },
  states: readonly LoanState[],
  timedOut: boolean,
): boolean {
  if (states.includes(loan.state)) return true
  if (finalLoanStates.includes(loan.state)) {
    throw new LoanError(
      'LOAN_STATE',
      `The loan ended ${loan.state}${loan.cancelReason ? ` (${loan.cancelReason})` : ''}, not ${states.join(' or ')}.`,
    )
  }
  if (timedOut) {
    throw new LoanError(
      'LOAN_STATE',
      `The loan is still ${loan.state} after waiting for ${states.join(' or ')}.`,
    )
  }
  return false
}
