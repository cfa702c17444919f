import { LoanError } from '../errors/LoanError.js'
import type { LoanRecord, LoanState } from './LoanRecord.js'

/**
 * Every move a loan may make (docs/loans.md, "Lifecycle"), and nothing else:
 * the final states (REPAID, LIQUIDATED, CANCELED) go nowhere.
 */
export const loanTransitions: Readonly<Record<LoanState, readonly LoanState[]>> = {
  AWAITING_LOCK: ['DISBURSING', 'CANCELED'],
  DISBURSING: ['ACTIVE', 'CANCELED'],
  ACTIVE: ['REPAID', 'LIQUIDATING'],
  LIQUIDATING: ['LIQUIDATED'],
  REPAID: [],
  LIQUIDATED: [],
  CANCELED: [],
}

/** Whether a loan may go from `from` to `to` (staying put is always allowed). */
export const canMove = (from: LoanState, to: LoanState): boolean =>
  from === to || loanTransitions[from].includes(to)

/**
 * Refuses a state change the diagram does not have (`LOAN_STATE`). The desk's
 * `save` calls it on every write, against the stored record: no code path can
 * move a loan another way.
 */
export function assertMove(loanId: string, from: LoanState | undefined, to: LoanState): void {
  const allowed = from === undefined ? to === 'AWAITING_LOCK' : canMove(from, to)
  if (!allowed) {
    throw new LoanError(
      'LOAN_STATE',
      `Loan ${loanId} cannot go from ${from ?? 'nothing'} to ${to}.`,
    )
  }
}

/** The loan in state `to`, with `changes`; refused (`LOAN_STATE`) when the move is not in the diagram. */
export function moveLoan(
  loan: LoanRecord,
  to: LoanState,
  changes: Partial<Omit<LoanRecord, 'id' | 'version' | 'state'>> = {},
): LoanRecord {
  assertMove(loan.id, loan.state, to)
  return { ...loan, ...changes, state: to }
}
