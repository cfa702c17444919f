import type { WebhookEvent, WebhookEventType } from '../events/WebhookEvent.js'
import { openSqliteFile } from './openSqliteFile.js'
import type { WebhookCursor, WebhookDelivery, WebhookStore } from './WebhookStore.js'

type Param = string | number | bigint | null

/**
 * The part of a SQLite database the store uses: what both `node:sqlite`'s
 * `DatabaseSync` (Node 22.13+) and `better-sqlite3`'s `Database` offer.
 */
export interface SqliteLike {
  exec(sql: string): unknown
  /** A statement with `run`, `get` and `all` taking positional parameters. */
  prepare(sql: string): unknown
}

interface Statement {
  run(...params: Param[]): unknown
  get(...params: Param[]): unknown
  all(...params: Param[]): unknown[]
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS btcfi_webhook_cursor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  add_index TEXT NOT NULL, settle_index TEXT NOT NULL,
  payment_index TEXT NOT NULL, in_flight TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS btcfi_webhook_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, occurred_at INTEGER NOT NULL, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS btcfi_webhook_deliveries (
  event_seq INTEGER NOT NULL REFERENCES btcfi_webhook_events (seq),
  endpoint TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL DEFAULT 0, last_error TEXT, delivered_at INTEGER,
  PRIMARY KEY (event_seq, endpoint)
);
CREATE INDEX IF NOT EXISTS btcfi_webhook_due ON btcfi_webhook_deliveries (endpoint, state, next_at);
`

/**
 * An outbox in SQLite (a file: it survives restarts). Pass the file's path
 * (opened with node:sqlite on Node 22.13+, else better-sqlite3, and closed
 * by the store's `close`), or a database of yours: `new DatabaseSync(path)`
 * from `node:sqlite`, or better-sqlite3's `new Database(path)`. Its tables
 * are created if missing and prefixed `btcfi_webhook_`. One sender per
 * database.
 */
export function sqliteWebhookStore(
  database: SqliteLike | string,
): WebhookStore & { close(): void } {
  const owned = typeof database === 'string' ? openSqliteFile(database) : undefined
  const db = owned ?? (database as SqliteLike)
  db.exec('PRAGMA journal_mode = WAL')
  db.exec(SCHEMA)
  const prepare = (sql: string) => db.prepare(sql) as Statement
  const cursorRow = prepare(
    'SELECT add_index, settle_index, payment_index, in_flight FROM btcfi_webhook_cursor WHERE id = 1',
  )
  const saveCursor = prepare(
    `INSERT INTO btcfi_webhook_cursor (id, add_index, settle_index, payment_index, in_flight)
     VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET add_index = excluded.add_index, settle_index = excluded.settle_index,
       payment_index = excluded.payment_index, in_flight = excluded.in_flight`,
  )
  const insertEvent = prepare(
    'INSERT INTO btcfi_webhook_events (id, type, occurred_at, data) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
  )
  const insertDelivery = prepare(
    `INSERT INTO btcfi_webhook_deliveries (event_seq, endpoint)
     SELECT seq, ? FROM btcfi_webhook_events WHERE id = ? ON CONFLICT DO NOTHING`,
  )
  const dueRows = prepare(
    `SELECT e.id, e.type, e.occurred_at, e.data, d.endpoint, d.attempts
     FROM btcfi_webhook_deliveries d JOIN btcfi_webhook_events e ON e.seq = d.event_seq
     WHERE d.endpoint = ? AND d.state = 'pending' AND d.next_at <= ? ORDER BY d.event_seq LIMIT ?`,
  )
  const markDelivered = prepare(
    `UPDATE btcfi_webhook_deliveries SET state = 'delivered', delivered_at = ?
     WHERE endpoint = ? AND event_seq = (SELECT seq FROM btcfi_webhook_events WHERE id = ?)`,
  )
  const markFailed = prepare(
    `UPDATE btcfi_webhook_deliveries SET state = ?, attempts = ?, next_at = ?, last_error = ?
     WHERE state = 'pending' AND endpoint = ? AND event_seq = (SELECT seq FROM btcfi_webhook_events WHERE id = ?)`,
  )
  const statusRow = prepare(
    `SELECT d.state, d.attempts FROM btcfi_webhook_deliveries d JOIN btcfi_webhook_events e ON e.seq = d.event_seq
     WHERE e.id = ? AND d.endpoint = ?`,
  )

  return {
    /** Closes the database if the store opened it (given a path). */
    close() {
      owned?.close()
    },
    async loadCursor() {
      const row = cursorRow.get() as
        | { add_index: string; settle_index: string; payment_index: string; in_flight: string }
        | undefined
      if (row === undefined) return undefined
      return {
        addIndex: BigInt(row.add_index),
        settleIndex: BigInt(row.settle_index),
        paymentIndex: BigInt(row.payment_index),
        inFlight: (JSON.parse(row.in_flight) as string[]).map(BigInt),
      }
    },
    async record(events, endpoints, cursor: WebhookCursor) {
      db.exec('BEGIN IMMEDIATE')
      try {
        for (const event of events) {
          insertEvent.run(
            event.id,
            event.type,
            event.occurredAt.getTime(),
            JSON.stringify(event.data),
          )
          for (const endpoint of endpoints) insertDelivery.run(endpoint, event.id)
        }
        saveCursor.run(
          cursor.addIndex.toString(),
          cursor.settleIndex.toString(),
          cursor.paymentIndex.toString(),
          JSON.stringify(cursor.inFlight.map(String)),
        )
        db.exec('COMMIT')
      } catch (error) {
        db.exec('ROLLBACK')
        throw error
      }
    },
    async due(nowMs, limit, endpoint) {
      const rows = dueRows.all(endpoint, nowMs, limit) as {
        id: string
        type: WebhookEventType
        occurred_at: number | bigint
        data: string
        endpoint: string
        attempts: number | bigint
      }[]
      return rows.map(
        (row): WebhookDelivery => ({
          event: {
            id: row.id,
            type: row.type,
            occurredAt: new Date(Number(row.occurred_at)),
            data: JSON.parse(row.data) as WebhookEvent['data'],
          },
          endpoint: row.endpoint,
          attempts: Number(row.attempts),
        }),
      )
    },
    async delivered(eventId, endpoint, atMs) {
      markDelivered.run(atMs, endpoint, eventId)
    },
    async failed(eventId, endpoint, attempts, retryAtMs, error) {
      markFailed.run(
        retryAtMs === undefined ? 'dead' : 'pending',
        attempts,
        retryAtMs ?? 0,
        error.slice(0, 500),
        endpoint,
        eventId,
      )
    },
    async status(eventId, endpoint) {
      const row = statusRow.get(eventId, endpoint) as
        | { state: 'pending' | 'delivered' | 'dead'; attempts: number | bigint }
        | undefined
      return row && { state: row.state, attempts: Number(row.attempts) }
    },
  }
}
