import { createRequire } from 'node:module'
import { LoanError } from '../errors/LoanError.js'

/** Which SQLite binding runs a store. */
export type SqliteDriver = 'node:sqlite' | 'better-sqlite3'

type Param = string | number | bigint | null

export interface SqliteStatement<Row> {
  run(...params: Param[]): { changes: number | bigint; lastInsertRowid: number | bigint }
  get(...params: Param[]): Row | undefined
  all(...params: Param[]): Row[]
}

/** The little of SQLite the stores use, the same over either driver. */
export interface SqliteDatabase {
  exec(sql: string): void
  prepare<Row = unknown>(sql: string): SqliteStatement<Row>
  /** Runs `fn` in one transaction (BEGIN IMMEDIATE): committed if it returns, rolled back if it throws. */
  transaction<Args extends unknown[], Result>(
    fn: (...args: Args) => Result,
  ): (...args: Args) => Result
  close(): void
}

/** What `node:sqlite` offers (typed here: the Node 20 types do not have it). */
interface NodeSqlite {
  DatabaseSync: new (
    path: string,
  ) => {
    exec(sql: string): void
    prepare(sql: string): {
      run(...params: Param[]): { changes: number | bigint; lastInsertRowid: number | bigint }
      get(...params: Param[]): unknown
      all(...params: Param[]): unknown[]
    }
    close(): void
  }
}

function nodeSqlite(): NodeSqlite | undefined {
  const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown } | undefined)
    ?.getBuiltinModule
  try {
    return getBuiltinModule?.('node:sqlite') as NodeSqlite | undefined
  } catch {
    return undefined
  }
}

/**
 * Opens (or creates) the database at `path` (or `:memory:`) with the driver
 * asked for. By default Node's built-in `node:sqlite` where the running Node
 * has it (22.13 and later, 24 LTS), else better-sqlite3 (Node 20), which then
 * must be installed and built for this Node.
 */
export function openSqlite(path: string, driver?: SqliteDriver): SqliteDatabase {
  const builtIn = driver === 'better-sqlite3' ? undefined : nodeSqlite()
  if (builtIn) return openNodeSqlite(builtIn, path)
  if (driver === 'node:sqlite') {
    throw new LoanError(
      'STORE_UNAVAILABLE',
      `This Node (${process.version}) has no node:sqlite: use Node 22.13 or later, or the better-sqlite3 driver.`,
    )
  }
  return openBetterSqlite(path)
}

function openNodeSqlite(sqlite: NodeSqlite, path: string): SqliteDatabase {
  const db = new sqlite.DatabaseSync(path)
  let open = true
  return {
    exec: (sql) => db.exec(sql),
    prepare<Row>(sql: string) {
      const statement = db.prepare(sql)
      return {
        run: (...params) => statement.run(...params),
        get: (...params) => statement.get(...params) as Row | undefined,
        all: (...params) => statement.all(...params) as Row[],
      }
    },
    transaction(fn) {
      return (...args) => {
        db.exec('BEGIN IMMEDIATE')
        try {
          const result = fn(...args)
          db.exec('COMMIT')
          return result
        } catch (error) {
          db.exec('ROLLBACK')
          throw error
        }
      }
    },
    close() {
      if (open) db.close()
      open = false
    },
  }
}

function openBetterSqlite(path: string): SqliteDatabase {
  let Database: typeof import('better-sqlite3')
  try {
    // Loaded on first use: a desk on another store or driver never needs the native module.
    Database = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3')
  } catch (cause) {
    throw new LoanError(
      'STORE_UNAVAILABLE',
      `better-sqlite3 is not installed or not built for this Node (${process.version}): install it, or run on Node 22.13 or later to use node:sqlite.`,
      { cause },
    )
  }
  const db = new Database(path)
  return {
    exec: (sql) => {
      db.exec(sql)
    },
    prepare<Row>(sql: string) {
      const statement = db.prepare<Param[], Row>(sql)
      return {
        run: (...params) => statement.run(...params),
        get: (...params) => statement.get(...params),
        all: (...params) => statement.all(...params),
      }
    },
    transaction(fn) {
      return db.transaction(fn).immediate
    },
    close() {
      if (db.open) db.close()
    },
  }
}
