import { LoanError } from '../../errors/LoanError.js'
import type { LoanEvent } from '../../loan/LoanRecord.js'

/**
 * The lock a `rollover.requested` event asks the borrower to pay
 * (`DESK_ERROR` when it names none).
 *
 * @example
 * const lockId = rolloverLockIdOf(event)
 */
export function rolloverLockIdOf(event: Pick<LoanEvent, 'data'>): string {
  const { lockId } = event.data
  if (typeof lockId !== 'string' || lockId === '') {
    throw new LoanError('DESK_ERROR', 'The rollover request names no lock.')
  }
  return lockId
}
