import type { LoanError, LoanErrorCode } from '../errors/LoanError.js'

/** An error as the desk answers it (with the error's `status`). */
export interface WireError {
  /** `code` and `reason` are the same code (`reason` kept for clients of the first protocol). */
  error: { code: LoanErrorCode; reason: LoanErrorCode; message: string }
}

/** The JSON body of an error answer: the stable code, and the short message. */
export function wireError(error: LoanError): WireError {
  return { error: { code: error.code, reason: error.reason, message: error.shortMessage } }
}
