import { finalLoanStates, type LoanRecord } from '../loan/LoanRecord.js'

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
      (l) => l.state === 'PENDING' || (l.state === 'OPEN' && !watched.has(l.paymentHash)),
    ) ||
    loan.invoices.some((i) => i.state === 'OPEN' && !watched.has(i.paymentHash)) ||
    rolloverUnfinished(loan) ||
    (finalLoanStates.includes(loan.state) && loan.locks.some((l) => l.state === 'ACCEPTED'))
  )
}

/** A rollover lock holds the collateral while an older lock still does (`completeRollover` is due). */
function rolloverUnfinished(loan: LoanRecord): boolean {
  let olderHeld = false
  for (const lock of loan.locks) {
    if (lock.state !== 'ACCEPTED') continue
    if (lock.purpose === 'rollover' && olderHeld) return true
    olderHeld = true
  }
  return false
}
