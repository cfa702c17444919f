import type { LoanStore } from '@btcfi/loans'
import { idleLoan } from './idleLoan.js'

/**
 * Saves the book's loans `from` to `to - 1` through `saveLoan`, `concurrency`
 * at a time (a database's pool works on several at once); `onProgress` every
 * 100,000 loans. Resolves with the time taken, ms.
 */
export async function fillBook(
  store: LoanStore,
  range: { from: number; to: number },
  options: { nowMs: number; concurrency: number; onProgress: (saved: number) => void },
): Promise<number> {
  const started = performance.now()
  let next = range.from
  const worker = async () => {
    while (next < range.to) {
      const index = next++
      await store.saveLoan(idleLoan(index, options.nowMs))
      if ((index + 1) % 100_000 === 0) options.onProgress(index + 1)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker))
  return performance.now() - started
}
