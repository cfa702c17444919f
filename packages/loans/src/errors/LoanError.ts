import { BaseError } from '@btcfi/core'

/**
 * The stable codes of the loan package's errors: a `LoanError`'s `code` (and
 * its `reason`, the same value). They are the package's own, beside core's:
 * `isBaseError` and `hasErrorCode` work on them as on any SDK error. A code
 * never changes meaning once released.
 */
export const loanErrorReasons = [
  'TERMS_INVALID',
  'QUOTE_EXPIRED',
  'QUOTE_UNKNOWN',
  'TERMS_MISMATCH',
  'UNSIGNED',
  'BAD_SIGNATURE',
  'REPLAYED',
  'STALE_REQUEST',
  'NOT_BORROWER',
  'LOAN_STATE',
  'LOCK_MISMATCH',
  'LOCK_TOO_SHORT',
  'DISBURSEMENT_INVOICE',
  'PRICE_UNAVAILABLE',
  'DESK_ERROR',
  'AGREEMENT_INVALID',
  'CONFLICT',
  'BAD_REQUEST',
  'NOT_FOUND',
  'STORE_UNAVAILABLE',
  'STORE_TOO_NEW',
  'RATE_LIMITED',
  'LIMIT_REACHED',
  'WRONG_DESK',
  'ESCROW_PREIMAGE',
  'ESCROW_ATTESTATION',
  'ESCROW_REFUSED',
] as const

export type LoanErrorReason = (typeof loanErrorReasons)[number]
/** A `LoanError`'s code: its reason. */
export type LoanErrorCode = LoanErrorReason

export interface LoanErrorParameters {
  cause?: unknown
  /** More about what happened (redacted like the message). */
  details?: string
  metaMessages?: readonly string[]
  /** HTTP status when sent over the desk protocol; default per reason. */
  status?: number
}

/** The HTTP status the desk (or the escrow agent) answers each code with. */
const statuses: Record<LoanErrorReason, number> = {
  TERMS_INVALID: 400,
  QUOTE_EXPIRED: 409,
  QUOTE_UNKNOWN: 404,
  TERMS_MISMATCH: 409,
  UNSIGNED: 401,
  BAD_SIGNATURE: 401,
  REPLAYED: 401,
  STALE_REQUEST: 401,
  NOT_BORROWER: 404,
  LOAN_STATE: 409,
  LOCK_MISMATCH: 409,
  LOCK_TOO_SHORT: 409,
  DISBURSEMENT_INVOICE: 400,
  /** No price the desk may trust now (the oracle is down or stale): try again later. */
  PRICE_UNAVAILABLE: 503,
  DESK_ERROR: 500,
  /** The desk's answer breaks the agreement: to a borrower's own server, a bad gateway. */
  AGREEMENT_INVALID: 502,
  CONFLICT: 409,
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  STORE_UNAVAILABLE: 500,
  /** The store's schema was migrated by a newer version of this package: run that version. */
  STORE_TOO_NEW: 500,
  /** Too many requests from this borrower, or in all: try again later. */
  RATE_LIMITED: 429,
  /** A per-loan bound (top-ups) is reached. */
  LIMIT_REACHED: 409,
  /** A signed request names another desk (replayed from elsewhere). */
  WRONG_DESK: 421,
  /** A preimage given to an escrow agent is not the lock's (or does not open for it). */
  ESCROW_PREIMAGE: 422,
  /** An escrow agent's attestation is missing, altered, or not for this loan and lock. */
  ESCROW_ATTESTATION: 422,
  /** An escrow agent does not release a preimage on this evidence (it says why). */
  ESCROW_REFUSED: 403,
}

/**
 * An error of the loan desk or agent: `code` (and `reason`, the same) is one of
 * `loanErrorReasons`, `status` the HTTP status the desk answers with.
 * Messages never carry a preimage or the desk secret.
 *
 * @example
 * if (error instanceof LoanError && error.code === 'QUOTE_EXPIRED') await agent.quote(request)
 */
export class LoanError extends BaseError<LoanErrorCode> {
  override name = 'LoanError' as const
  /** The same as `code`. */
  readonly reason: LoanErrorReason
  readonly status: number

  constructor(
    reason: LoanErrorReason,
    message: string,
    { status, ...parameters }: LoanErrorParameters = {},
  ) {
    super(message, { ...parameters, code: reason })
    this.reason = reason
    this.status = status ?? statuses[reason]
  }
}

/** True for a LoanError (also one from another copy of the package) with that reason, if given. */
export function isLoanError(error: unknown, reason?: LoanErrorReason): error is LoanError {
  if (typeof error !== 'object' || error === null) return false
  const e = error as { name?: unknown; reason?: unknown }
  return e.name === 'LoanError' && (reason === undefined || e.reason === reason)
}
