import { isBaseError } from '@btcfi/core'
import { isLoanError } from '../errors/LoanError.js'
import { wireError } from './wireError.js'
import { toWire } from './wireJson.js'

/** A JSON answer of the protocol (bigints as decimal strings), never cached. */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(toWire(body)), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  })
}

/**
 * An error as the protocol answers it: a LoanError as it is, an SDK argument
 * error as a 400, anything else as a bare 500 that says only whose internal
 * error it was (`server`: "the desk", "the escrow agent"). 5xx errors go to
 * `onError`; none of their text reaches the client.
 */
export function errorResponse(
  error: unknown,
  server: string,
  onError: ((error: unknown) => void) | undefined,
): Response {
  if (isLoanError(error)) {
    if (error.status >= 500) onError?.(error)
    return jsonResponse(error.status, wireError(error))
  }
  if (
    isBaseError(error) &&
    (error.code === 'INVALID_ARGUMENT' || error.code === 'INVALID_AMOUNT')
  ) {
    return jsonResponse(400, {
      error: { code: 'BAD_REQUEST', reason: 'BAD_REQUEST', message: error.shortMessage },
    })
  }
  onError?.(error)
  return jsonResponse(500, {
    error: { code: 'DESK_ERROR', reason: 'DESK_ERROR', message: `Internal error of ${server}.` },
  })
}
