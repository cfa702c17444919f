import { LoanError } from '../errors/LoanError.js'
import type { LoanRecord, LockRecord } from '../loan/LoanRecord.js'
import type { DeskContext } from './DeskContext.js'
import { awaitsBorrower, checkEscrowLock, type EscrowLockRequest } from './escrowLocks.js'
import { withLock } from './locks.js'
import { issueLock } from './lockWatch.js'

/**
 * A v2 rollover ack (in the loan's turn): the borrower names the new lock's
 * hash, with the escrow agent's attestation that it holds its preimage for
 * the collateral held; the desk checks it (`checkEscrowLock`), records it with
 * the ack in one write and issues the lock. Acked again with the same hash
 * (an answer lost), the same lock; with another, a conflict.
 */
export async function ackEscrowRollover(
  ctx: DeskContext,
  loan: LoanRecord,
  lock: LockRecord,
  named: EscrowLockRequest | undefined,
): Promise<LockRecord> {
  if (!named) {
    throw new LoanError(
      'BAD_REQUEST',
      "A v2 rollover names the new lock's hash and the escrow agent's attestation.",
    )
  }
  if (!awaitsBorrower(lock)) {
    if (lock.paymentHash === named.paymentHash.toLowerCase() && lock.state === 'OPEN') return lock
    if (lock.paymentHash === named.paymentHash.toLowerCase() && lock.state === 'PENDING') {
      const issued = await issueLock(ctx, loan, lock)
      return issued.locks.find((l) => l.id === lock.id)!
    }
    throw new LoanError('LOAN_STATE', `The rollover lock is ${lock.state}, with another hash.`)
  }
  const escrow = await checkEscrowLock(ctx, loan, named, lock.amountSat)
  const ready = { ...lock, paymentHash: named.paymentHash.toLowerCase(), escrow }
  const saved = await ctx.save(withLock(loan, ready), [
    { type: 'rollover.acked', data: { lockId: lock.id, paymentHash: ready.paymentHash } },
  ])
  const issued = await issueLock(ctx, saved, ready)
  return issued.locks.find((l) => l.id === lock.id)!
}
