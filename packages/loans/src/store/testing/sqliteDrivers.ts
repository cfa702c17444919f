import { openSqlite, type SqliteDriver } from '../openSqlite.js'

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
