import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { StreamTally } from '@btcfi/stream'
import { WAKE_RULES_VERSION } from '../desk/loanWake.js'
import type { LoanEvent, LoanRecord, NewLoanEvent } from '../loan/LoanRecord.js'
import type { Quote } from '../loan/Quote.js'
import type { LoanStore } from './LoanStore.js'
import { openSqlite, type SqliteDatabase, type SqliteDriver } from './openSqlite.js'
import { sqliteMigrations } from './sqliteMigrations.js'
import { sqlitePruning } from './sqlitePruning.js'
import { fromStoreJson, toStoreJson } from './storeJson.js'
import { versionConflict } from './versionConflict.js'
import { wakeColumns } from './wakeColumns.js'

export interface SqliteLoanStoreParameters {
  /** The database file (created with its folder if missing), or `:memory:`. */
  path: string
  /**
   * The SQLite binding. Default: Node's built-in `node:sqlite` where the
   * running Node has it (22.13 and later), else better-sqlite3 (Node 20). Both
   * read and write the same file format.
   */
  driver?: SqliteDriver
}

interface Row {
  data: string
}

/**
 * The loans a desk tick reads: the loans always looked at, and the ACTIVE ones
 * a key wakes, each part through its index (UNION ALL: a UNION would merge
 * in rowid order, by a table scan; `rowid IN` drops the repeats).
 */
const wakingRows = (withPrice: boolean) =>
  `SELECT data FROM loans WHERE rowid IN (
     SELECT rowid FROM loans WHERE state = 'DISBURSING'
     UNION ALL SELECT rowid FROM loans WHERE state = 'LIQUIDATING'
     UNION ALL SELECT rowid FROM loans WHERE wake_at_ms <= ?
     UNION ALL SELECT rowid FROM loans WHERE wake_at_height <= ?${
       withPrice
         ? `
     UNION ALL SELECT rowid FROM loans WHERE wake_below_cents >= ?
     UNION ALL SELECT rowid FROM loans WHERE wake_above_cents < ?`
         : ''
     }
   ) ORDER BY created_at_ms, id`

interface EventRow {
  seq: number | bigint
  loan_id: string
  at_ms: number | bigint
  type: string
  data: string
}

/**
 * The default store: one SQLite file (node:sqlite, or better-sqlite3 on Node 20), with migrations, WAL
 * and `synchronous = FULL` so that a saved state survives a crash or a power
 * cut. Each `saveLoan` is one transaction (the loan and its events).
 *
 * @example
 * const store = await sqliteLoanStore({ path: './desk/loans.db' })
 */
export async function sqliteLoanStore({
  path,
  driver,
}: SqliteLoanStoreParameters): Promise<LoanStore> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = openSqlite(path, driver)
  db.exec('PRAGMA journal_mode = WAL')
  db.exec('PRAGMA synchronous = FULL')
  migrate(db)
  rekeyLoans(db)

  const insertQuote = db.prepare(
    'INSERT OR REPLACE INTO quotes (id, borrower_pubkey, expires_at_ms, data) VALUES (?, ?, ?, ?)',
  )
  const deleteQuotes = db.prepare(sqlitePruning.quotes)
  const selectQuote = db.prepare<Row>('SELECT data FROM quotes WHERE id = ?')
  const selectVersion = db.prepare<{ version: number }>('SELECT version FROM loans WHERE id = ?')
  const insertLoan = db.prepare(
    `INSERT INTO loans (id, version, state, borrower_pubkey, created_at_ms, updated_at_ms, data,
       wake_below_cents, wake_above_cents, wake_at_ms, wake_at_height, wake_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const updateLoan = db.prepare(
    `UPDATE loans SET version = ?, state = ?, updated_at_ms = ?, data = ?,
       wake_below_cents = ?, wake_above_cents = ?, wake_at_ms = ?, wake_at_height = ?, wake_version = ?
     WHERE id = ? AND version = ?`,
  )
  const insertEvent = db.prepare(
    'INSERT INTO events (loan_id, at_ms, type, data) VALUES (?, ?, ?, ?)',
  )
  const selectLoan = db.prepare<Row>('SELECT data FROM loans WHERE id = ?')
  const selectLoans = db.prepare<Row>('SELECT data FROM loans ORDER BY created_at_ms, id')
  const selectLoansIn = db.prepare<Row & { created_at_ms: number; id: string }>(
    'SELECT data, created_at_ms, id FROM loans WHERE state = ?',
  )
  const selectState = db.prepare<{ one: number }>(
    'SELECT 1 AS one FROM loans WHERE state = ? LIMIT 1',
  )
  const selectWaking = db.prepare<Row>(wakingRows(false))
  const selectWakingAtPrice = db.prepare<Row>(wakingRows(true))
  const selectEvents = db.prepare<EventRow>(
    'SELECT seq, loan_id, at_ms, type, data FROM events WHERE loan_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  )
  const deleteNonces = db.prepare(sqlitePruning.nonces)
  const insertNonce = db.prepare(
    'INSERT OR IGNORE INTO nonces (pubkey, nonce, expires_at_ms) VALUES (?, ?, ?)',
  )
  const selectCursor = db.prepare<{ value: string }>('SELECT value FROM cursors WHERE name = ?')
  const upsertCursor = db.prepare(
    'INSERT INTO cursors (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  )
  const selectTally = db.prepare<Row>('SELECT data FROM stream_tallies WHERE stream_id = ?')
  // The first payment pins the stream's key; later ones move on only from the
  // seq they follow, under the same key.
  const insertTally = db.prepare(
    'INSERT INTO stream_tallies (stream_id, pubkey, last_seq, data) VALUES (?, ?, ?, ?) ON CONFLICT (stream_id) DO NOTHING',
  )
  const updateTally = db.prepare(
    'UPDATE stream_tallies SET last_seq = ?, data = ? WHERE stream_id = ? AND pubkey = ? AND last_seq = ?',
  )

  const save = db.transaction((loan: LoanRecord, events: readonly NewLoanEvent[]) => {
    const stored = selectVersion.get(loan.id)?.version
    if (stored !== (loan.version === 0 ? undefined : loan.version)) {
      throw versionConflict(loan.id, loan.version, stored)
    }
    const saved: LoanRecord = { ...loan, version: loan.version + 1 }
    const data = toStoreJson(saved)
    const wake = wakeColumns(saved)
    if (loan.version === 0) {
      insertLoan.run(
        saved.id,
        saved.version,
        saved.state,
        saved.agreement.borrowerPubkey,
        saved.createdAtMs,
        saved.updatedAtMs,
        data,
        ...wake,
      )
    } else {
      updateLoan.run(
        saved.version,
        saved.state,
        saved.updatedAtMs,
        data,
        ...wake,
        saved.id,
        loan.version,
      )
    }
    const added: LoanEvent[] = events.map((event) => {
      const info = insertEvent.run(event.loanId, event.atMs, event.type, toStoreJson(event.data))
      return { ...event, seq: Number(info.lastInsertRowid) }
    })
    return {
      loan: fromStoreJson<LoanRecord>(data),
      events: fromStoreJson<LoanEvent[]>(toStoreJson(added)),
    }
  })

  return {
    async saveQuote(quote: Quote) {
      // Quotes live a minute; a day-old one is of no use to anybody.
      deleteQuotes.run(quote.createdAtMs - 86_400_000)
      insertQuote.run(quote.id, quote.borrowerPubkey, quote.expiresAtMs, toStoreJson(quote))
    },
    async getQuote(id) {
      const row = selectQuote.get(id)
      return row === undefined ? undefined : fromStoreJson<Quote>(row.data)
    },
    async saveLoan(loan, events = []) {
      return save(loan, events)
    },
    async getLoan(id) {
      const row = selectLoan.get(id)
      return row === undefined ? undefined : fromStoreJson<LoanRecord>(row.data)
    },
    async listLoans(filter = {}) {
      const rows = filter.states
        ? filter.states
            .flatMap((state) => selectLoansIn.all(state))
            .sort(
              (a, b) =>
                Number(a.created_at_ms) - Number(b.created_at_ms) ||
                (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
            )
        : selectLoans.all()
      return rows
        .map((row) => fromStoreJson<LoanRecord>(row.data))
        .filter(
          (loan) =>
            filter.borrowerPubkey === undefined ||
            loan.agreement.borrowerPubkey === filter.borrowerPubkey,
        )
    },
    async hasLoans(states) {
      return states.some((state) => selectState.get(state) !== undefined)
    },
    async listWaking({ centsPerBtc, nowMs, height }) {
      const rows =
        centsPerBtc === undefined
          ? selectWaking.all(nowMs, height)
          : selectWakingAtPrice.all(nowMs, height, centsPerBtc, centsPerBtc)
      return rows.map((row) => fromStoreJson<LoanRecord>(row.data))
    },
    async listEvents({ loanId, afterSeq = 0, limit = 1_000 }) {
      return selectEvents.all(loanId, afterSeq, limit).map((row) => ({
        seq: Number(row.seq),
        loanId: row.loan_id,
        atMs: Number(row.at_ms),
        type: row.type as LoanEvent['type'],
        data: fromStoreJson<Record<string, unknown>>(row.data),
      }))
    },
    async useNonce(pubkey, nonce, expiresAtMs, nowMs) {
      deleteNonces.run(nowMs)
      return Number(insertNonce.run(pubkey, nonce, expiresAtMs).changes) === 1
    },
    async getCursor(name) {
      const row = selectCursor.get(name)
      return row === undefined ? undefined : BigInt(row.value)
    },
    async setCursor(name, value) {
      upsertCursor.run(name, value.toString())
    },
    async getStreamTally(streamId) {
      const row = selectTally.get(streamId)
      return row === undefined ? undefined : fromStoreJson<StreamTally>(row.data)
    },
    async saveStreamTally(tally, previousSeq) {
      const data = toStoreJson(tally)
      const { changes } =
        previousSeq === undefined
          ? insertTally.run(tally.streamId, tally.pubkey, tally.lastSeq, data)
          : updateTally.run(tally.lastSeq, data, tally.streamId, tally.pubkey, previousSeq)
      return Number(changes) === 1
    },
    async close() {
      db.close()
    },
  }
}

/**
 * Computes the wake keys of the loans keyed under other rules than this
 * code's (all of them once, after the migration that added the keys), in
 * transactions of 1,000.
 */
function rekeyLoans(db: SqliteDatabase): void {
  const select = db.prepare<{ id: string; data: string }>(
    'SELECT id, data FROM loans WHERE wake_version IS NULL OR wake_version < ? OR wake_version > ? LIMIT 1000',
  )
  const update = db.prepare(
    `UPDATE loans SET wake_below_cents = ?, wake_above_cents = ?, wake_at_ms = ?, wake_at_height = ?,
       wake_version = ? WHERE id = ?`,
  )
  const batch = db.transaction(() => {
    const rows = select.all(WAKE_RULES_VERSION, WAKE_RULES_VERSION)
    for (const row of rows) update.run(...wakeColumns(fromStoreJson(row.data)), row.id)
    return rows.length
  })
  while (batch() === 1_000) {}
}

/** Runs the migrations not run yet, each in a transaction. */
function migrate(db: SqliteDatabase): void {
  const current = Number(
    db.prepare<{ user_version: number }>('PRAGMA user_version').get()?.user_version ?? 0,
  )
  for (let version = current; version < sqliteMigrations.length; version++) {
    db.transaction(() => {
      db.exec(sqliteMigrations[version]!)
      db.exec(`PRAGMA user_version = ${version + 1}`)
    })()
  }
}
