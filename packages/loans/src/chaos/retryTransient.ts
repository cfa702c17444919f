import { hasErrorCode } from '@btcfi/core'
import { isLoanError } from '../errors/LoanError.js'

/** True for an error that a later try may not meet: the desk or a node is down, or busy. */
export function isTransient(error: unknown): boolean {
  if (isLoanError(error)) {
    return ['DESK_ERROR', 'STALE_REQUEST', 'CONFLICT', 'STORE_UNAVAILABLE'].includes(error.reason)
  }
  return (
    hasErrorCode(error, 'NODE_UNREACHABLE') ||
    hasErrorCode(error, 'TIMEOUT') ||
    hasErrorCode(error, 'NODE_ERROR') ||
    hasErrorCode(error, 'WALLET_LOCKED')
  )
}

/** Calls again while the error is transient (a desk restarting, a node coming back), up to `timeoutMs`. */
export async function retryTransient<T>(fn: () => Promise<T>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await fn()
    } catch (error) {
      if (!isTransient(error) || Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
}
