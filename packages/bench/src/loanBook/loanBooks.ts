import type { Settings } from '../settings.js'
import type { LoanBookResult } from './LoanBookResult.js'
import { loanBook } from './loanBook.js'

/** The loan book on each store the settings ask for: memory, PostgreSQL, SQLite. */
export async function loanBooks(
  settings: Settings,
  log: (line: string) => void,
): Promise<LoanBookResult[]> {
  const common = {
    ticks: settings.bookTicks,
    fullScanLoans: settings.fullScanLoans,
    fullScanTicks: settings.fullScanTicks,
    concurrency: settings.fillConcurrency,
    log,
  }
  const results: LoanBookResult[] = []
  if (settings.memory === 1)
    results.push(
      await loanBook({
        ...common,
        store: 'memory',
        loans: settings.bookLoans,
      }),
    )
  if (settings.postgres === 1)
    results.push(
      await loanBook({
        ...common,
        store: 'postgres',
        loans: settings.bookLoans,
      }),
    )
  if (settings.sqliteBookLoans > 0)
    results.push(
      await loanBook({
        ...common,
        store: 'sqlite',
        loans: settings.sqliteBookLoans,
      }),
    )
  return results
}
