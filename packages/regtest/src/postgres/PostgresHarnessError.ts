/** Why a PostgreSQL of the harness could not be had. */
export type PostgresHarnessErrorCode =
  /** No `initdb` and `postgres` binaries (install Debian's `postgresql`, or pass `binDir`). */
  | 'POSTGRES_NOT_FOUND'
  /** Run as root, and no unprivileged system user to run PostgreSQL as (it refuses root). */
  | 'POSTGRES_NO_USER'
  /** `initdb`, `postgres` or `createdb` failed, or the server did not become ready. */
  | 'POSTGRES_START_FAILED'

/**
 * An error of `startPostgres`, with a stable `code`. Its message never holds
 * the database password.
 *
 * @example
 * try {
 *   await startPostgres()
 * } catch (error) {
 *   if (error instanceof PostgresHarnessError && error.code === 'POSTGRES_NOT_FOUND') skip()
 * }
 */
export class PostgresHarnessError extends Error {
  override name = 'PostgresHarnessError' as const
  readonly code: PostgresHarnessErrorCode

  constructor(code: PostgresHarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
