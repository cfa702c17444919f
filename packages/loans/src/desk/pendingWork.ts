import { finalLoanStates, type LoanRecord, type LockRecord } from '../loan/LoanRecord.js'
import { newestRollover } from '../loan/newestRollover.js'
import { awaitsBorrower, unretired } from './escrowLocks.js'

const none: ReadonlyMap<string, unknown> = new Map()

/**
 * Whether a loan waits on something lnd will tell a desk about, which a
 * worker must watch or finish: a lock or an invoice still open (or a lock not
 * made yet), a rollover whose new lock holds while an older one does too, or
 * a closed loan that still holds a lock. Such a loan wakes at every tick
 * (`loanWake`), so that any worker takes it up when the one that started the
 * work died (`recoverLoan`). With `watched` (a worker's watchers by payment
 * hash), an open lock or invoice that worker already watches does not count.
 */
export function hasPendingWork(
  loan: LoanRecord,
  watched: ReadonlyMap<string, unknown> = none,
): boolean {
  return (
    loan.locks.some(
      (l) =>
        (l.state === 'PENDING' && !awaitsBorrower(l)) ||
        (l.state === 'OPEN' && !watched.has(l.paymentHash)),
    ) ||
    loan.invoices.some((i) => i.state === 'OPEN' && !watched.has(i.paymentHash)) ||
    rolloverReplaces(loan).length > 0 ||
    unretired(loan).length > 0 ||
    (loan.state === 'ACTIVE' && loan.escrowRelease !== undefined) ||
    (finalLoanStates.includes(loan.state) && loan.locks.some((l) => l.state === 'ACCEPTED'))
  )
}

/**
 * The locks a rollover replaces and that still hold (or are recorded so):
 * every ACCEPTED lock before the newest ACCEPTED rollover lock. Not empty
 * means the rollover is to be completed (`completeRollover`).
 */
export function rolloverReplaces(loan: LoanRecord): LockRecord[] {
  const newest = newestRollover(loan)
  return newest < 0 ? [] : loan.locks.slice(0, newest).filter((l) => l.state === 'ACCEPTED')
}
