import type { LoanEventType, LoanRecord, NewLoanEvent } from '../loan/LoanRecord.js'
import type { LoanStore } from '../store/LoanStore.js'

/** Where a desk process dies: just before, or just after, the write that logs `event`. */
export interface KillPoint {
  when: 'before' | 'after'
  event: LoanEventType
}

/**
 * A store that kills its own process (SIGKILL: no cleanup, no flush beyond
 * what SQLite already synced) at the write of a chosen event, for tests that
 * restart the desk on the same file.
 */
export function killingStore(inner: LoanStore, at: KillPoint | undefined): LoanStore {
  if (!at) return inner
  const kill = (): never => {
    process.kill(process.pid, 'SIGKILL')
    throw new Error('unreachable: the process was killed')
  }
  return {
    ...inner,
    async saveLoan(loan: LoanRecord, events: readonly NewLoanEvent[] = []) {
      const hit = events.some((e) => e.type === at.event)
      if (hit && at.when === 'before') kill()
      const saved = await inner.saveLoan(loan, events)
      if (hit) kill()
      return saved
    },
  }
}
