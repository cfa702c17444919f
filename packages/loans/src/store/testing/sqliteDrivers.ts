import { join } from 'node:path'
import type { LoanStore } from '../LoanStore.js'
import { memoryLoanStore } from '../memoryLoanStore.js'
import { openSqlite, type SqliteDriver } from '../openSqlite.js'
import { sqliteLoanStore } from '../sqliteLoanStore.js'

/** The SQLite drivers this Node can run: node:sqlite from Node 22.13, better-sqlite3 where it is built for this Node. */
export const sqliteDrivers: readonly SqliteDriver[] = (
  ['node:sqlite', 'better-sqlite3'] as const
).filter((driver) => {
  try {
    openSqlite(':memory:', driver).close()
    return true
  } catch {
    return false
  }
})

let opened = 0
/**
 * The embedded stores the unit tests run over: memory, and SQLite on each
 * driver this Node runs, each opening a fresh file in `dir` named `prefix-n.db`.
 */
export function embeddedStores(dir: string, prefix: string): [string, () => Promise<LoanStore>][] {
  return [
    ['memoryLoanStore', async () => memoryLoanStore()],
    ...sqliteDrivers.map((driver): [string, () => Promise<LoanStore>] => [
      `sqliteLoanStore on ${driver}`,
      () => sqliteLoanStore({ path: join(dir, `${prefix}-${++opened}.db`), driver }),
    ]),
  ]
}
