import { ConfigurationError } from '@btcfi/core'
import { isLoanError, LoanError } from '../errors/LoanError.js'
import type { PostgresPool } from './postgresPool.js'
import { quoteIdentifier } from './postgresStatements.js'

/**
 * A store's schema name, checked: a plain name (letters, digits and `_`, at
 * most 63), since it is written into SQL. `what` names the store in the error.
 */
export function checkSchemaName(schema: string | undefined, what: string): void {
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigurationError(
      'schema',
      `The schema of a PostgreSQL ${what} must be a plain name: letters, digits and _, at most 63.`,
    )
  }
}

/**
 * Runs `work`; a failure that is not a LoanError already becomes
 * `STORE_UNAVAILABLE` (the driver's error as its cause, its SQL state in the
 * message, never the URL).
 */
export async function postgresGuard<T>(
  store: string,
  what: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isLoanError(error)) throw error
    const sqlState = (error as { code?: unknown } | undefined)?.code
    throw new LoanError(
      'STORE_UNAVAILABLE',
      `The PostgreSQL ${store} could not ${what}${typeof sqlState === 'string' ? ` (${sqlState})` : ''}.`,
      { cause: error },
    )
  }
}

export interface PostgresMigrationPlan {
  schema: string | undefined
  /** The versions table (qualified). */
  versions: string
  /** The advisory lock's name: one migrating process at a time per store kind and schema. */
  lock: string
  migrations: readonly string[]
  /** The store, as `STORE_TOO_NEW` names it ("the loan book", "the escrow store"). */
  what: string
}

/**
 * Applies the migrations not applied yet, each in a transaction of its own
 * with its version, under an advisory lock: processes that start together
 * migrate one at a time, and the later ones find the work done. A schema
 * newer than the code is refused (`STORE_TOO_NEW`). The schema is created
 * when missing (another store may create it at the same moment).
 */
export async function runPostgresMigrations(
  pool: PostgresPool,
  plan: PostgresMigrationPlan,
): Promise<void> {
  const { schema, versions, lock, migrations } = plan
  const client = await pool.connect()
  let broken = false
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lock])
    try {
      if (schema !== undefined) {
        await client
          .query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`)
          .catch((error: unknown) => {
            const code = (error as { code?: unknown }).code
            if (code !== '23505' && code !== '42P06') throw error
          })
      }
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${versions} (
           version INTEGER PRIMARY KEY,
           applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )`,
      )
      const [row] = (
        await client.query(`SELECT coalesce(max(version), 0)::integer AS version FROM ${versions}`)
      ).rows as { version: number }[]
      const current = row?.version ?? 0
      if (current > migrations.length) {
        throw new LoanError(
          'STORE_TOO_NEW',
          `${plan.what}'s schema is at version ${current}, newer than this @btcfi/loans knows (${migrations.length}): a newer version migrated it. Run that version or a later one.`,
        )
      }
      for (let version = current; version < migrations.length; version++) {
        await client.query('BEGIN')
        try {
          if (schema !== undefined) {
            await client.query(`SET LOCAL search_path TO ${quoteIdentifier(schema)}`)
          }
          await client.query(migrations[version]!)
          await client.query(`INSERT INTO ${versions} (version) VALUES ($1)`, [version + 1])
          await client.query('COMMIT')
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {
            broken = true
          })
          throw error
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]).catch(() => {
        broken = true
      })
    }
  } finally {
    client.release(broken)
  }
}
