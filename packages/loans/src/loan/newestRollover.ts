import type { LoanRecord } from './LoanRecord.js'

/** The index of a loan's newest ACCEPTED rollover lock (the one that holds the collateral after a rollover), or -1. */
export function newestRollover(loan: Pick<LoanRecord, 'locks'>): number {
  for (let i = loan.locks.length - 1; i >= 0; i--) {
    const lock = loan.locks[i]!
    if (lock.purpose === 'rollover' && lock.state === 'ACCEPTED') return i
  }
  return -1
}
