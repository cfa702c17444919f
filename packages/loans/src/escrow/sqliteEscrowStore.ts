import { chmodSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { LoanError } from '../errors/LoanError.js'
import { openSqlite, type SqliteDatabase, type SqliteDriver } from '../store/openSqlite.js'
import { fromStoreJson, toStoreJson } from '../store/storeJson.js'
import type { DurableEscrowStore, EscrowRecord } from './EscrowStore.js'
import { sqliteEscrowMigrations } from './sqliteEscrowMigrations.js'

export interface SqliteEscrowStoreParameters {
  /** The database file (created with its folder if missing, readable by this user only), or `:memory:`. */
  path: string
  /**
   * The SQLite binding. Default: Node's built-in `node:sqlite` where the
   * running Node has it (22.13 and later), else better-sqlite3 (Node 20).
   */
  driver?: SqliteDriver
}

interface Row {
  data: string
}

/**
 * An escrow agent's preimages in one SQLite file, with WAL and
 * `synchronous = FULL`: a record written survives a crash or a power cut.
 * Each `put` is one statement (an upsert), atomic. The file holds the
 * preimages in clear: keep it, and its backups, as secret as the agent's key.
 *
 * @example
 * const store = await sqliteEscrowStore({ path: './escrow/locks.db' })
 * const agent = await startEscrowAgent({ secret, store, oracle, height })
 */
export async function sqliteEscrowStore({
  path,
  driver,
}: SqliteEscrowStoreParameters): Promise<DurableEscrowStore> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = openSqlite(path, driver)
  try {
    if (path !== ':memory:') chmodSync(path, 0o600)
    db.exec('PRAGMA journal_mode = WAL')
    db.exec('PRAGMA synchronous = FULL')
    migrate(db)
  } catch (error) {
    db.close()
    throw error
  }

  const upsert = db.prepare(
    `INSERT INTO escrow_locks (payment_hash, loan_id, held_at_ms, data) VALUES (?, ?, ?, ?)
     ON CONFLICT (payment_hash) DO UPDATE SET loan_id = excluded.loan_id,
       held_at_ms = excluded.held_at_ms, data = excluded.data`,
  )
  const insert = db.prepare(
    `INSERT INTO escrow_locks (payment_hash, loan_id, held_at_ms, data) VALUES (?, ?, ?, ?)
     ON CONFLICT (payment_hash) DO NOTHING`,
  )
  const select = db.prepare<Row>('SELECT data FROM escrow_locks WHERE payment_hash = ?')
  const selectOfLoan = db.prepare<Row>(
    'SELECT data FROM escrow_locks WHERE loan_id = ? ORDER BY held_at_ms, rowid',
  )

  return {
    async get(paymentHash) {
      const row = select.get(paymentHash.toLowerCase())
      return row && fromStoreJson<EscrowRecord>(row.data)
    },
    async insert(record) {
      const { changes } = insert.run(
        record.hold.paymentHash.toLowerCase(),
        record.hold.loanId,
        record.heldAtMs,
        toStoreJson(record),
      )
      return Number(changes) === 1
    },
    async put(record) {
      upsert.run(
        record.hold.paymentHash.toLowerCase(),
        record.hold.loanId,
        record.heldAtMs,
        toStoreJson(record),
      )
    },
    async ofLoan(loanId) {
      return selectOfLoan.all(loanId).map((row) => fromStoreJson<EscrowRecord>(row.data))
    },
    async close() {
      db.close()
    },
  }
}

/**
 * Runs the migrations not run yet, each in a transaction with its version
 * (read inside it: of two processes opening the file at once, the later one
 * finds the work done).
 */
function migrate(db: SqliteDatabase): void {
  db.exec(
    `CREATE TABLE IF NOT EXISTS escrow_schema_migrations (
       version INTEGER PRIMARY KEY,
       applied_at_ms INTEGER NOT NULL
     )`,
  )
  const select = db.prepare<{ version: number | bigint }>(
    'SELECT coalesce(max(version), 0) AS version FROM escrow_schema_migrations',
  )
  const record = db.prepare(
    'INSERT INTO escrow_schema_migrations (version, applied_at_ms) VALUES (?, ?)',
  )
  const step = db.transaction((): boolean => {
    const current = Number(select.get()?.version ?? 0)
    if (current > sqliteEscrowMigrations.length) {
      throw new LoanError(
        'STORE_TOO_NEW',
        `The escrow store's schema is at version ${current}, newer than this @btcfi/loans knows (${sqliteEscrowMigrations.length}): a newer version migrated it. Run that version or a later one.`,
      )
    }
    if (current === sqliteEscrowMigrations.length) return false
    db.exec(sqliteEscrowMigrations[current]!)
    record.run(current + 1, Date.now())
    return true
  })
  while (step()) {}
}
