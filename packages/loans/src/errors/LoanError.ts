import { BaseError, type ErrorCode } from '@btcfi/core'

/**
 * Stable, machine-readable reasons of the loan package's errors, beside the
 * SDK's `code` (which stays one of `@btcfi/core`'s, so that `isBaseError` and
 * `hasErrorCode` work on them). A reason never changes meaning once released.
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

export interface LoanErrorParameters {
  cause?: unknown
  /** More about what happened (redacted like the message). */
  details?: string
  metaMessages?: readonly string[]
  /** The SDK code it maps to; default per reason. */
  code?: ErrorCode
  /** HTTP status when sent over the desk protocol; default per reason. */
  status?: number
}

const defaults: Record<LoanErrorReason, { code: ErrorCode; status: number }> = {
  TERMS_INVALID: { code: 'INVALID_ARGUMENT', status: 400 },
  QUOTE_EXPIRED: { code: 'INVALID_ARGUMENT', status: 409 },
  QUOTE_UNKNOWN: { code: 'NOT_FOUND', status: 404 },
  TERMS_MISMATCH: { code: 'INVALID_ARGUMENT', status: 409 },
  UNSIGNED: { code: 'PERMISSION_DENIED', status: 401 },
  BAD_SIGNATURE: { code: 'PERMISSION_DENIED', status: 401 },
  REPLAYED: { code: 'PERMISSION_DENIED', status: 401 },
  STALE_REQUEST: { code: 'PERMISSION_DENIED', status: 401 },
  NOT_BORROWER: { code: 'NOT_FOUND', status: 404 },
  LOAN_STATE: { code: 'INVOICE_STATE', status: 409 },
  LOCK_MISMATCH: { code: 'INVOICE_AMOUNT', status: 409 },
  LOCK_TOO_SHORT: { code: 'INVOICE_STATE', status: 409 },
  DISBURSEMENT_INVOICE: { code: 'INVOICE_INVALID', status: 400 },
  PRICE_UNAVAILABLE: { code: 'NODE_UNREACHABLE', status: 503 },
  DESK_ERROR: { code: 'PROTOCOL', status: 500 },
  AGREEMENT_INVALID: { code: 'PERMISSION_DENIED', status: 502 },
  CONFLICT: { code: 'ALREADY_EXISTS', status: 409 },
  BAD_REQUEST: { code: 'INVALID_ARGUMENT', status: 400 },
  NOT_FOUND: { code: 'NOT_FOUND', status: 404 },
  STORE_UNAVAILABLE: { code: 'INVALID_ARGUMENT', status: 500 },
  /** The store's schema was migrated by a newer version of this package: run that version. */
  STORE_TOO_NEW: { code: 'INVALID_CONFIGURATION', status: 500 },
  /** Too many requests from this borrower, or in all: try again later. */
  RATE_LIMITED: { code: 'INVALID_ARGUMENT', status: 429 },
  /** A per-loan bound (top-ups) is reached. */
  LIMIT_REACHED: { code: 'INVALID_ARGUMENT', status: 409 },
  /** A signed request names another desk (replayed from elsewhere). */
  WRONG_DESK: { code: 'PERMISSION_DENIED', status: 421 },
  /** A preimage given to an escrow agent is not the lock's (or does not open for it). */
  ESCROW_PREIMAGE: { code: 'INVALID_ARGUMENT', status: 422 },
  /** An escrow agent's attestation is missing, altered, or not for this loan and lock. */
  ESCROW_ATTESTATION: { code: 'PERMISSION_DENIED', status: 422 },
  /** An escrow agent does not release a preimage on this evidence (it says why). */
  ESCROW_REFUSED: { code: 'PERMISSION_DENIED', status: 403 },
}

/**
 * An error of the loan desk or agent: `code` is the SDK's, `reason` the
 * loan-specific stable reason, `status` the HTTP status the desk answers with.
 * Messages never carry a preimage or the desk secret.
 *
 * @example
 * if (error instanceof LoanError && error.reason === 'QUOTE_EXPIRED') await agent.quote(request)
 */
export class LoanError extends BaseError {
  override name = 'LoanError' as const
  readonly reason: LoanErrorReason
  readonly status: number

  constructor(
    reason: LoanErrorReason,
    message: string,
    { code, status, ...parameters }: LoanErrorParameters = {},
  ) {
    super(message, { ...parameters, code: code ?? defaults[reason].code })
    this.reason = reason
    this.status = status ?? defaults[reason].status
  }
}

/** True for a LoanError (also one from another copy of the package) with that reason, if given. */
export function isLoanError(error: unknown, reason?: LoanErrorReason): error is LoanError {
  if (typeof error !== 'object' || error === null) return false
  const e = error as { name?: unknown; reason?: unknown }
  return e.name === 'LoanError' && (reason === undefined || e.reason === reason)
}
