import { readFileSync, renameSync } from 'node:fs'
import type { LoanEventType, LoanRecord, NewLoanEvent } from '../loan/LoanRecord.js'
import type { LoanStore } from '../store/LoanStore.js'

/** Where a desk process dies: just before, or just after, the write that logs `event`. */
export interface KillPoint {
  when: 'before' | 'after'
  event: LoanEventType
}

/** The points just before and just after the write that logs each event, in order. */
export const around = (...events: LoanEventType[]): KillPoint[] =>
  events.flatMap((event) => [
    { when: 'before' as const, event },
    { when: 'after' as const, event },
  ])

/**
 * A store that kills its own process (SIGKILL: no cleanup, no flush beyond
 * what the store already made durable) at the write of a chosen event, for
 * tests that restart the desk on the same book. The point is `at`, or, for
 * several worker processes on one book, the one a test writes to the file
 * `armedPath`: the first worker to reach it takes the file (renames it) and
 * dies, the others go on.
 */
export function killingStore(
  inner: LoanStore,
  at: KillPoint | undefined,
  armedPath?: string,
): LoanStore {
  if (!at && !armedPath) return inner
  const kill = (): never => {
    process.kill(process.pid, 'SIGKILL')
    throw new Error('unreachable: the process was killed')
  }
  const armed = (): KillPoint | undefined => {
    if (at) return at
    try {
      return JSON.parse(readFileSync(armedPath!, 'utf8')) as KillPoint
    } catch {
      return undefined
    }
  }
  /** This process's kill, taken from the file (one worker wins the rename). */
  const take = () => {
    if (at) return true
    try {
      renameSync(armedPath!, `${armedPath}.${process.pid}`)
      return true
    } catch {
      return false
    }
  }
  return {
    ...inner,
    async saveLoan(loan: LoanRecord, events: readonly NewLoanEvent[] = []) {
      const point = armed()
      const hit = point !== undefined && events.some((e) => e.type === point.event)
      if (hit && point.when === 'before' && take()) kill()
      const saved = await inner.saveLoan(loan, events)
      if (hit && point.when === 'after' && take()) kill()
      return saved
    },
  }
}
