import { LoanError } from '../../errors/LoanError.js'
import type { ShownLock } from './checkInitialLock.js'

/**
 * The desk's answer to a rollover acknowledgement: the rollover lock
 * acknowledged, with its invoice, asking exactly the collateral held
 * (`AGREEMENT_INVALID`). Returns the invoice.
 *
 * @example
 * const paymentRequest = checkRolloverLock(lock, { lockId, collateralSat: loan.collateralSat })
 */
export function checkRolloverLock(
  lock: ShownLock & { paymentRequest: string | undefined },
  expected: { lockId: string; collateralSat: bigint },
): string {
  if (lock.id !== expected.lockId || lock.purpose !== 'rollover') {
    throw new LoanError(
      'AGREEMENT_INVALID',
      `The desk answered with ${lock.purpose} lock ${lock.id}, not rollover lock ${expected.lockId}.`,
    )
  }
  if (!lock.paymentRequest) {
    throw new LoanError(
      'AGREEMENT_INVALID',
      'The desk answered with a rollover lock and no invoice.',
    )
  }
  if (lock.amountSat !== expected.collateralSat) {
    throw new LoanError(
      'AGREEMENT_INVALID',
      `The rollover lock asks ${lock.amountSat} sat; the collateral is ${expected.collateralSat}.`,
    )
  }
  return lock.paymentRequest
}
