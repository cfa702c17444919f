import { ConfigurationError } from '@btcfi/core'
import type { StreamTally } from '@btcfi/stream'
import { WAKE_RULES_VERSION } from '../desk/loanWake.js'
import type { LoanEvent, LoanRecord, NewLoanEvent } from '../loan/LoanRecord.js'
import type { Quote } from '../loan/Quote.js'
import type { LoanStore } from './LoanStore.js'
import { postgresClaims } from './postgresClaims.js'
import { postgresMigrations } from './postgresMigrations.js'
import {
  openPostgresPool,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
} from './postgresPool.js'
import { checkSchemaName, postgresGuard, runPostgresMigrations } from './postgresSchema.js'
import { postgresStatements, QUOTE_KEPT_MS } from './postgresStatements.js'
import { fromStoreJson, toStoreJson } from './storeJson.js'
import { versionConflict } from './versionConflict.js'
import { wakeColumns } from './wakeColumns.js'

export type PostgresLoanStoreParameters = (
  | {
      /** `postgres://user:password@host:5432/database`: the store opens a pool of its own, and ends it on `close`. */
      url: string
      /** Connections of that pool, at least 2 (one holds the store's claims). Default 10. */
      maxConnections?: number
      pool?: never
    }
  | {
      /** A node-postgres pool of yours (`new pg.Pool(...)`): `close` leaves it open. */
      pool: PostgresPool
      url?: never
      maxConnections?: never
    }
) & {
  /**
   * The schema of the store's tables, created if missing (letters, digits and
   * `_`). Default: none, the connection's `search_path` (normally `public`).
   */
  schema?: string
}

interface DataRow {
  data: string
}

interface EventRow {
  seq: string
  loan_id: string
  at_ms: string
  type: string
  data: string
}

/**
 * The loan book on PostgreSQL, for several desk workers on one book: each
 * `saveLoan` is one transaction (the loan, only over the version it was read
 * at, and its events), so that of two workers saving one loan at once
 * exactly one wins and the other gets `LoanError('CONFLICT')`; a request
 * nonce is accepted once across all of them; a loan's turn is one worker's
 * at a time (`claim`: advisory locks, dropped with a dead worker's
 * connection). The schema is migrated on open
 * (`schema_migrations`, one transaction per migration, one worker at a time);
 * a schema newer than this code knows is refused (`STORE_TOO_NEW`). Runs on
 * node-postgres (`pg`, an optional peer). Loans carry their wake keys in
 * indexed columns, so that a desk tick reads only the loans it must
 * (`listWaking`). Every failure is a `LoanError`
 * (`STORE_UNAVAILABLE` when the database fails), and no message holds the
 * URL's password.
 *
 * @example
 * const store = await postgresLoanStore({ url: process.env.DATABASE_URL! })
 * const desk = await startDesk({ client, store, oracle, secret, terms })
 */
export async function postgresLoanStore(
  parameters: PostgresLoanStoreParameters,
): Promise<LoanStore> {
  const { schema } = parameters
  checkSchemaName(schema, 'loan store')
  if (parameters.maxConnections !== undefined && parameters.maxConnections < 2) {
    throw new ConfigurationError(
      'maxConnections',
      'A PostgreSQL loan store needs at least 2 connections: one holds its claims.',
    )
  }
  if (parameters.url === undefined && parameters.pool === undefined) {
    throw new ConfigurationError('url', 'A PostgreSQL loan store needs a url or a pool.')
  }
  const owned =
    parameters.url === undefined
      ? undefined
      : await openPostgresPool(
          parameters.url,
          parameters.maxConnections === undefined ? {} : { max: parameters.maxConnections },
        )
  const pool: PostgresPool = owned ?? parameters.pool!
  const sql = postgresStatements(schema)
  try {
    await guard('migrate its schema', () =>
      runPostgresMigrations(pool, {
        schema,
        versions: postgresStatements(schema).schemaMigrations,
        lock: `btcfi-loans:${schema ?? ''}`,
        migrations: postgresMigrations,
        what: 'The loan book',
      }),
    )
    await guard('key its loans for the wake index', () => rekeyLoans(pool, sql))
  } catch (error) {
    await owned?.end().catch(() => {})
    throw error
  }

  const rows = <Row>(result: PostgresQueryResult) => result.rows as Row[]

  /** Runs `work` in one transaction on one connection: committed if it returns, rolled back if it throws. */
  async function transaction<T>(work: (client: PostgresPoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect()
    let broken = false
    try {
      await client.query('BEGIN')
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true
      })
      throw error
    } finally {
      client.release(broken)
    }
  }

  const claims = postgresClaims(pool, `btcfi-loans:${schema ?? ''}:`)
  let closed: Promise<void> | undefined
  return {
    claim: (key) => guard('claim a key', () => claims.claim(key)),
    saveQuote: (quote: Quote) =>
      guard('save a quote', async () => {
        await pool.query(sql.saveQuote, [
          quote.id,
          quote.borrowerPubkey,
          quote.expiresAtMs,
          toStoreJson(quote),
          quote.createdAtMs - QUOTE_KEPT_MS,
        ])
      }),
    getQuote: (id) =>
      guard('read a quote', async () => {
        const [row] = rows<DataRow>(await pool.query(sql.getQuote, [id]))
        return row === undefined ? undefined : fromStoreJson<Quote>(row.data)
      }),
    saveLoan: (loan: LoanRecord, events: readonly NewLoanEvent[] = []) =>
      guard('save a loan', () =>
        transaction(async (client) => {
          const saved: LoanRecord = { ...loan, version: loan.version + 1 }
          const data = toStoreJson(saved)
          const { rowCount } =
            loan.version === 0
              ? await client.query(sql.insertLoan, [
                  saved.id,
                  saved.version,
                  saved.state,
                  saved.agreement.borrowerPubkey,
                  saved.createdAtMs,
                  saved.updatedAtMs,
                  data,
                  ...wakeColumns(saved),
                ])
              : await client.query(sql.updateLoan, [
                  saved.version,
                  saved.state,
                  saved.updatedAtMs,
                  data,
                  saved.id,
                  loan.version,
                  ...wakeColumns(saved),
                ])
          if (rowCount !== 1) {
            const [stored] = rows<{ version: number }>(
              await client.query(sql.loanVersion, [loan.id]),
            )
            throw versionConflict(loan.id, loan.version, stored?.version)
          }
          const added: LoanEvent[] = []
          for (const event of events) {
            const [row] = rows<{ seq: string }>(
              await client.query(sql.insertEvent, [
                event.loanId,
                event.atMs,
                event.type,
                toStoreJson(event.data),
              ]),
            )
            added.push({ ...event, seq: Number(row!.seq) })
          }
          return {
            loan: fromStoreJson<LoanRecord>(data),
            events: fromStoreJson<LoanEvent[]>(toStoreJson(added)),
          }
        }),
      ),
    getLoan: (id) =>
      guard('read a loan', async () => {
        const [row] = rows<DataRow>(await pool.query(sql.getLoan, [id]))
        return row === undefined ? undefined : fromStoreJson<LoanRecord>(row.data)
      }),
    listLoans: (filter = {}) =>
      guard('list loans', async () => {
        const result = await pool.query(sql.listLoans, [
          filter.states === undefined ? null : [...filter.states],
          filter.borrowerPubkey ?? null,
        ])
        return rows<DataRow>(result).map((row) => fromStoreJson<LoanRecord>(row.data))
      }),
    hasLoans: (states) =>
      guard('look for loans', async () => {
        const [row] = rows<{ found: boolean }>(await pool.query(sql.hasLoans, [[...states]]))
        return row?.found === true
      }),
    listWaking: ({ centsPerBtc, nowMs, height }) =>
      guard('list the waking loans', async () => {
        const result = await pool.query(sql.listWaking, [nowMs, height, centsPerBtc ?? null])
        return rows<DataRow>(result).map((row) => fromStoreJson<LoanRecord>(row.data))
      }),
    listEvents: ({ loanId, afterSeq = 0, limit = 1_000 }) =>
      guard('list events', async () => {
        const result = await pool.query(sql.listEvents, [loanId, afterSeq, limit])
        return rows<EventRow>(result).map((row) => ({
          seq: Number(row.seq),
          loanId: row.loan_id,
          atMs: Number(row.at_ms),
          type: row.type as LoanEvent['type'],
          data: fromStoreJson<Record<string, unknown>>(row.data),
        }))
      }),
    useNonce: (pubkey, nonce, expiresAtMs, nowMs) =>
      guard('record a nonce', async () => {
        const { rowCount } = await pool.query(sql.useNonce, [pubkey, nonce, expiresAtMs, nowMs])
        return rowCount === 1
      }),
    getCursor: (name) =>
      guard('read a cursor', async () => {
        const [row] = rows<{ value: string }>(await pool.query(sql.getCursor, [name]))
        return row === undefined ? undefined : BigInt(row.value)
      }),
    setCursor: (name, value) =>
      guard('write a cursor', async () => {
        await pool.query(sql.setCursor, [name, value.toString()])
      }),
    getStreamTally: (streamId) =>
      guard('read a stream tally', async () => {
        const [row] = rows<DataRow>(await pool.query(sql.getTally, [streamId]))
        return row === undefined ? undefined : fromStoreJson<StreamTally>(row.data)
      }),
    saveStreamTally: (tally, previousSeq) =>
      guard('save a stream tally', async () => {
        const data = toStoreJson(tally)
        const { rowCount } =
          previousSeq === undefined
            ? await pool.query(sql.insertTally, [tally.streamId, tally.pubkey, tally.lastSeq, data])
            : await pool.query(sql.updateTally, [
                tally.lastSeq,
                data,
                tally.streamId,
                tally.pubkey,
                previousSeq,
              ])
        return rowCount === 1
      }),
    close() {
      closed ??= guard('close', async () => {
        await claims.close()
        await owned?.end()
      })
      return closed
    },
  }
}

/**
 * Computes the wake keys of the loans keyed under other rules than this
 * code's (all of them once, after the migration that added the keys), 1,000
 * at a time. Each row is written only over the version it was read at: a row
 * a worker saved meanwhile holds keys of its own already.
 */
async function rekeyLoans(
  pool: PostgresPool,
  sql: ReturnType<typeof postgresStatements>,
): Promise<void> {
  for (;;) {
    const { rows } = await pool.query(sql.staleWake, [WAKE_RULES_VERSION])
    const stale = rows as { id: string; version: number; data: string }[]
    for (const row of stale) {
      await pool.query(sql.rekeyLoan, [
        ...wakeColumns(fromStoreJson<LoanRecord>(row.data)),
        row.id,
        row.version,
      ])
    }
    if (stale.length < 1_000) return
  }
}

/** Runs `work`, a failure of the database as `STORE_UNAVAILABLE` (`postgresGuard`). */
const guard = <T>(what: string, work: () => Promise<T>): Promise<T> =>
  postgresGuard('loan store', what, work)
