import { isLoanError, type LoanErrorReason } from '../errors/LoanError.js'
import { rolloverLockIdOf } from './checks/rolloverLockIdOf.js'
import type { Agent, WatchLoanParameters } from './createAgent.js'

/**
 * Refusals a rollover lock keeps on every try: the lock breaks the agreement,
 * or the desk no longer offers it. Any other failure (the desk or the node
 * not answering) is tried again on the next poll.
 */
const FINAL_ROLLOVER_REFUSALS: readonly LoanErrorReason[] = [
  'AGREEMENT_INVALID',
  'LOAN_STATE',
  'NOT_FOUND',
  'NOT_BORROWER',
]

/**
 * Polls a loan's events (`agent.events`) every `intervalMs`, hands each to
 * `onEvent`, pays each rollover lock the desk asks for (unless
 * `autoRollover: false`; a rollover that failed for a passing reason is tried
 * again on each poll), and stops by itself once the loan ends. Errors are
 * reported and the polling goes on. Returns a function that stops it.
 */
export function watchLoan(
  agent: Pick<Agent, 'events' | 'rollover'>,
  loanId: string,
  options: WatchLoanParameters = {},
): () => void {
  let after = options.afterSeq ?? 0
  let stopped = false
  const answered = new Set<string>()
  /** Rollover locks to try again. */
  const retry = new Set<string>()
  const report = (error: unknown) => {
    try {
      options.onError?.(error)
    } catch {
      // ignore
    }
  }
  const answer = async (lockId: string) => {
    answered.add(lockId)
    retry.delete(lockId)
    try {
      const handle = await agent.rollover(loanId, lockId)
      try {
        options.onRollover?.(handle)
      } catch {
        // a callback cannot stop the watch
      }
    } catch (error) {
      if (!(isLoanError(error) && FINAL_ROLLOVER_REFUSALS.includes(error.reason))) {
        retry.add(lockId)
      }
      report(error)
    }
  }
  const poll = async () => {
    while (!stopped) {
      try {
        for (const lockId of [...retry]) await answer(lockId)
        for (const event of await agent.events(loanId, after)) {
          after = event.seq
          try {
            options.onEvent?.(event)
          } catch {
            // a callback cannot stop the watch
          }
          if (event.type === 'rollover.requested' && options.autoRollover !== false) {
            const lockId = rolloverLockIdOf(event)
            if (!answered.has(lockId)) await answer(lockId)
          }
          if (
            event.type === 'loan.repaid' ||
            event.type === 'loan.liquidated' ||
            event.type === 'loan.canceled'
          ) {
            stopped = true
          }
        }
      } catch (error) {
        report(error)
      }
      if (!stopped) {
        await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 2_000))
      }
    }
  }
  void poll()
  return () => {
    stopped = true
  }
}
