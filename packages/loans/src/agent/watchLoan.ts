import type { Agent, WatchLoanParameters } from './createAgent.js'

/**
 * Polls a loan's events (`agent.events`) every `intervalMs`, hands each to
 * `onEvent`, pays each rollover lock the desk asks for (unless
 * `autoRollover: false`), and stops by itself once the loan ends. Errors are
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
  const report = (error: unknown) => {
    try {
      options.onError?.(error)
    } catch {
      // ignore
    }
  }
  const poll = async () => {
    while (!stopped) {
      try {
        for (const event of await agent.events(loanId, after)) {
          after = event.seq
          try {
            options.onEvent?.(event)
          } catch {
            // a callback cannot stop the watch
          }
          if (event.type === 'rollover.requested' && options.autoRollover !== false) {
            const lockId = String(event.data.lockId)
            if (!answered.has(lockId)) {
              answered.add(lockId)
              const handle = await agent.rollover(loanId, lockId)
              options.onRollover?.(handle)
            }
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
