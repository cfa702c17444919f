import type { LoanRecord, NewLoanEvent } from '../loan/LoanRecord.js'
import type { LoanStore } from '../store/LoanStore.js'

/** The error a crashing store throws: the desk "dies" at that write. */
export class SimulatedCrash extends Error {
  override name = 'SimulatedCrash'
}

export interface CrashingStore extends LoanStore {
  /** The next save whose events include `eventType` is written, then the desk "crashes". */
  crashAfter(eventType: NewLoanEvent['type']): void
  /** The next save whose events include `eventType` is not written: the desk "crashed" just before. */
  crashBefore(eventType: NewLoanEvent['type']): void
  /** Resolves when the armed crash happened. */
  crashed(): Promise<void>
}

/**
 * A store that simulates a desk crash at a chosen step: the caller gets an
 * error at that save (written or not) and stops there. Restart the desk on
 * the same store to test recovery.
 */
export function crashingStore(inner: LoanStore): CrashingStore {
  let armed: { type: string; write: boolean } | undefined
  let signal: () => void = () => {}
  let happened = Promise.resolve()
  const arm = (type: string, write: boolean) => {
    armed = { type, write }
    happened = new Promise<void>((resolve) => {
      signal = resolve
    })
  }
  return {
    ...inner,
    async saveLoan(loan: LoanRecord, events: readonly NewLoanEvent[] = []) {
      const hit = armed && events.some((e) => e.type === armed?.type) ? armed : undefined
      if (hit) armed = undefined
      if (hit && !hit.write) {
        signal()
        throw new SimulatedCrash(`simulated crash before ${hit.type}`)
      }
      const saved = await inner.saveLoan(loan, events)
      if (hit) {
        signal()
        throw new SimulatedCrash(`simulated crash after ${hit.type}`)
      }
      return saved
    },
    crashAfter: (type) => arm(type, true),
    crashBefore: (type) => arm(type, false),
    crashed: () => happened,
  }
}
