import { LoanError } from '../errors/LoanError.js'

/** A loan saved over a version someone else changed. */
export function versionConflict(
  id: string,
  expected: number,
  found: number | undefined,
): LoanError {
  return new LoanError(
    'CONFLICT',
    `Loan ${id} changed underneath: stored version ${found ?? 'none'}, update based on ${expected}.`,
  )
}
