import type { ErrorCode } from '@btcfi/core'
import type { LoanError, LoanErrorReason } from '../errors/LoanError.js'

/** An error as the desk answers it (with the error's `status`). */
export interface WireError {
  error: { code: ErrorCode; reason: LoanErrorReason; message: string }
}

/** The JSON body of an error answer: the SDK code, the stable reason, the short message. */
export function wireError(error: LoanError): WireError {
  return { error: { code: error.code, reason: error.reason, message: error.shortMessage } }
}
