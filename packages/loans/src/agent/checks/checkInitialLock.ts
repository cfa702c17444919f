import { LoanError } from '../../errors/LoanError.js'
import type { LoanAgreement } from '../../loan/LoanAgreement.js'
import type { LockPurpose } from '../../loan/LoanRecord.js'

/** A lock as the desk shows it. */
export interface ShownLock {
  id: string
  purpose: LockPurpose
  paymentHash: string
  amountSat: bigint
}

/**
 * The first lock of a loan just opened: it must exist, be the initial lock,
 * and ask exactly the agreement's collateral (`AGREEMENT_INVALID`).
 *
 * @example
 * const lock = checkInitialLock(opened.loan, agreement)
 */
export function checkInitialLock<L extends ShownLock>(
  loan: { locks: readonly L[] },
  agreement: Pick<LoanAgreement, 'collateralSat'>,
): L {
  const lock = loan.locks[0]
  if (lock?.purpose !== 'initial') {
    throw new LoanError('AGREEMENT_INVALID', 'The desk answered with no initial lock.')
  }
  if (lock.amountSat !== agreement.collateralSat) {
    throw new LoanError(
      'AGREEMENT_INVALID',
      `The lock asks ${lock.amountSat} sat; the agreed collateral is ${agreement.collateralSat}.`,
    )
  }
  return lock
}
