import { LoanError } from '../../errors/LoanError.js'
import type { ShownLock } from './checkInitialLock.js'

/**
 * The desk's answer to a top-up: a top-up lock for the amount asked, with its
 * invoice (`AGREEMENT_INVALID`). Returns the invoice.
 *
 * @example
 * const paymentRequest = checkTopUpLock(lock, 20_000n)
 */
export function checkTopUpLock(
  lock: ShownLock & { paymentRequest: string | undefined },
  amountSat: bigint,
): string {
  if (lock.purpose !== 'top-up') {
    throw new LoanError(
      'AGREEMENT_INVALID',
      `The desk answered with a ${lock.purpose} lock, not a top-up lock.`,
    )
  }
  if (lock.amountSat !== amountSat) {
    throw new LoanError(
      'AGREEMENT_INVALID',
      `The top-up lock asks ${lock.amountSat} sat, not the ${amountSat} asked.`,
    )
  }
  if (!lock.paymentRequest) {
    throw new LoanError('AGREEMENT_INVALID', 'The desk answered with a top-up lock and no invoice.')
  }
  return lock.paymentRequest
}
