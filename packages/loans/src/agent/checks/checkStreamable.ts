import { LoanError } from '../../errors/LoanError.js'
import type { LoanState } from '../../loan/LoanRecord.js'

/**
 * A loan's interest can be streamed once it is ACTIVE with its disbursement
 * time known (`LOAN_STATE` otherwise). Returns the disbursement time, ms.
 *
 * @example
 * const disbursedAtMs = checkStreamable(await status(loanId))
 */
export function checkStreamable(loan: {
  state: LoanState
  disbursedAtMs: number | undefined
}): number {
  if (loan.state !== 'ACTIVE' || loan.disbursedAtMs === undefined) {
    throw new LoanError('LOAN_STATE', `The loan is ${loan.state}: no interest to stream.`)
  }
  return loan.disbursedAtMs
}
