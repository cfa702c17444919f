import { isLoanError } from '../errors/LoanError.js'

/**
 * Calls the desk again while it is down, or while the worker that took the
 * call died (a borrower's retry: each call is signed anew); other errors are
 * thrown, and so is the last after `timeoutMs`.
 */
export async function whenUp<T>(call: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await call()
    } catch (error) {
      if (!isLoanError(error) || error.reason !== 'DESK_ERROR' || Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}
