import { ConfigurationError } from '@btcfi/core'
import { openPostgresPool, type PostgresPool } from '../store/postgresPool.js'
import { checkSchemaName, postgresGuard, runPostgresMigrations } from '../store/postgresSchema.js'
import { quoteIdentifier } from '../store/postgresStatements.js'
import { fromStoreJson, toStoreJson } from '../store/storeJson.js'
import type { DurableEscrowStore, EscrowRecord } from './EscrowStore.js'
import { postgresEscrowMigrations } from './postgresEscrowMigrations.js'

export type PostgresEscrowStoreParameters = (
  | {
      /** `postgres://user:password@host:5432/database`: the store opens a pool of its own, and ends it on `close`. */
      url: string
      /** Connections of that pool. Default 4. */
      maxConnections?: number
      pool?: never
    }
  | {
      /** A node-postgres pool of yours (a loan store's too): `close` leaves it open. */
      pool: PostgresPool
      url?: never
      maxConnections?: never
    }
) & {
  /**
   * The schema of the store's table, created if missing (letters, digits and
   * `_`); a loan store's schema may be shared. Default: none, the
   * connection's `search_path` (normally `public`).
   */
  schema?: string
}

interface Row {
  data: string
}

/**
 * An escrow agent's preimages on PostgreSQL: one table, `escrow_locks`, with
 * its own versioned migrations (`escrow_schema_migrations`, one transaction
 * per migration, one process at a time), so that it can share a schema and a
 * pool with `postgresLoanStore` without touching its tables or versions. A
 * schema newer than this code knows is refused (`STORE_TOO_NEW`). Each `put`
 * is one statement (an upsert), atomic. Every failure is a `LoanError`
 * (`STORE_UNAVAILABLE` when the database fails), and no message holds the
 * URL's password. The table holds the preimages in clear: grant it to the
 * agent alone.
 *
 * @example
 * const store = await postgresEscrowStore({ url: process.env.DATABASE_URL!, schema: 'escrow' })
 */
export async function postgresEscrowStore(
  parameters: PostgresEscrowStoreParameters,
): Promise<DurableEscrowStore> {
  const { schema } = parameters
  checkSchemaName(schema, 'escrow store')
  if (parameters.url === undefined && parameters.pool === undefined) {
    throw new ConfigurationError('url', 'A PostgreSQL escrow store needs a url or a pool.')
  }
  const owned =
    parameters.url === undefined
      ? undefined
      : await openPostgresPool(parameters.url, { max: parameters.maxConnections ?? 4 })
  const pool: PostgresPool = owned ?? parameters.pool!
  const table = (name: string) =>
    schema === undefined ? name : `${quoteIdentifier(schema)}.${name}`
  const locks = table('escrow_locks')
  try {
    await guard('migrate its schema', () =>
      runPostgresMigrations(pool, {
        schema,
        versions: table('escrow_schema_migrations'),
        // Not the loan store's lock: each store kind migrates on its own.
        lock: `btcfi-escrow:${schema ?? ''}`,
        migrations: postgresEscrowMigrations,
        what: 'The escrow store',
      }),
    )
  } catch (error) {
    await owned?.end().catch(() => {})
    throw error
  }
  const upsert = `INSERT INTO ${locks} (payment_hash, loan_id, held_at_ms, data) VALUES ($1, $2, $3, $4)
    ON CONFLICT (payment_hash) DO UPDATE SET loan_id = excluded.loan_id,
      held_at_ms = excluded.held_at_ms, data = excluded.data`
  const insert = `INSERT INTO ${locks} (payment_hash, loan_id, held_at_ms, data) VALUES ($1, $2, $3, $4)
    ON CONFLICT (payment_hash) DO NOTHING`
  const select = `SELECT data FROM ${locks} WHERE payment_hash = $1`
  const selectOfLoan = `SELECT data FROM ${locks} WHERE loan_id = $1 ORDER BY held_at_ms, seq`
  let closed: Promise<void> | undefined

  return {
    get: (paymentHash) =>
      guard('read a lock', async () => {
        const [row] = (await pool.query(select, [paymentHash.toLowerCase()])).rows as Row[]
        return row && fromStoreJson<EscrowRecord>(row.data)
      }),
    insert: (record) =>
      guard('write a lock', async () => {
        const { rowCount } = await pool.query(insert, [
          record.hold.paymentHash.toLowerCase(),
          record.hold.loanId,
          record.heldAtMs,
          toStoreJson(record),
        ])
        return rowCount === 1
      }),
    put: (record) =>
      guard('write a lock', async () => {
        await pool.query(upsert, [
          record.hold.paymentHash.toLowerCase(),
          record.hold.loanId,
          record.heldAtMs,
          toStoreJson(record),
        ])
      }),
    ofLoan: (loanId) =>
      guard("read a loan's locks", async () => {
        const { rows } = await pool.query(selectOfLoan, [loanId])
        return (rows as Row[]).map((row) => fromStoreJson<EscrowRecord>(row.data))
      }),
    close() {
      closed ??= guard('close', async () => {
        await owned?.end()
      })
      return closed
    },
  }
}

/** Runs `work`, a failure of the database as `STORE_UNAVAILABLE` (`postgresGuard`). */
const guard = <T>(what: string, work: () => Promise<T>): Promise<T> =>
  postgresGuard('escrow store', what, work)
