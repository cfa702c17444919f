import { ConfigurationError } from '@btcfi/core'

/** What one query answers: its rows and how many rows it wrote. */
export interface PostgresQueryResult {
  rows: unknown[]
  rowCount: number | null
}

/** One connection of a pool, held for a transaction. */
export interface PostgresPoolClient {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>
  /** Gives the connection back; `true` (or an error) closes it instead (a broken connection). */
  release(destroy?: boolean | Error): void
  /** A connection held long (the claims' session) hears of its own failure here. */
  on?(event: 'error', listener: (error: Error) => void): unknown
}

/**
 * The little of a node-postgres (`pg`) pool the store uses: a `pg.Pool` is
 * one. A pool handed to `postgresLoanStore` stays the caller's: the store
 * never ends it.
 */
export interface PostgresPool {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>
  connect(): Promise<PostgresPoolClient>
}

/** A pool the store opened itself (from a URL), and ends on `close`. */
export interface OwnedPostgresPool extends PostgresPool {
  end(): Promise<void>
}

/**
 * Opens a node-postgres pool on `url`. `pg` is loaded on first use (an
 * optional peer of `@btcfi/loans`): a desk on SQLite never needs it.
 */
export async function openPostgresPool(
  url: string,
  { max = 10 }: { max?: number } = {},
): Promise<OwnedPostgresPool> {
  let Pool: typeof import('pg').Pool
  try {
    ;({ Pool } = await import('pg'))
  } catch (cause) {
    throw new ConfigurationError(
      'pg',
      'The PostgreSQL loan store needs the pg package (node-postgres): install it beside @btcfi/loans.',
      { cause },
    )
  }
  let pool: InstanceType<typeof Pool>
  try {
    pool = new Pool({
      connectionString: url,
      max,
      // A database that does not answer fails the call instead of hanging the desk.
      connectionTimeoutMillis: 10_000,
      // A connection to a database gone silent (a network cut) is found dead
      // in a minute or so, not after the kernel's two hours: the claims'
      // session among them.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    })
  } catch (cause) {
    throw new ConfigurationError('url', 'The PostgreSQL URL is not valid.', { cause })
  }
  // An idle connection that breaks (a database restart) is dropped by the
  // pool; without a listener, its 'error' event would end the process.
  pool.on('error', () => {})
  return pool
}
