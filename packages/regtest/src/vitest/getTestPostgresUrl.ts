import { inject } from 'vitest'

/**
 * The URL of this test run's PostgreSQL (started by
 * `@btcfi/regtest/vitest-postgres`, or the one of `BTCFI_POSTGRES_URL`). Every
 * test file shares the database: give each test a schema (or a database) of
 * its own, and drop it afterwards.
 *
 * @example
 * const store = await postgresLoanStore({ url: getTestPostgresUrl(), schema: `test_${n}` })
 */
export function getTestPostgresUrl(): string {
  const url = inject('btcfiPostgresUrl')
  if (!url) {
    throw new Error(
      "This run has no PostgreSQL: install Debian's postgresql package (npm test's set-up does, as root) or set BTCFI_POSTGRES_URL, and list @btcfi/regtest/vitest-postgres in the project's globalSetup.",
    )
  }
  return url
}
