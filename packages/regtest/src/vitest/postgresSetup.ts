import type { TestProject } from 'vitest/node'
import { PostgresHarnessError } from '../postgres/PostgresHarnessError.js'
import { startPostgres } from '../postgres/startPostgres.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The URL of this run's PostgreSQL; empty when there is none (see `getTestPostgresUrl`). */
    btcfiPostgresUrl: string
  }
}

/**
 * Vitest global setup: one PostgreSQL for the whole run, handed to test files
 * through `getTestPostgresUrl()`.
 *
 * - default: starts a throwaway PostgreSQL (`startPostgres`) and stops it after the run;
 * - `BTCFI_POSTGRES_URL=postgres://…`: uses that database instead (tests create schemas in it).
 *
 * Without PostgreSQL on the machine the run goes on, and only the tests that
 * ask for it fail, saying how to get one.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string) => process.stderr.write(`[postgres] ${line}\n`)
  const url = process.env.BTCFI_POSTGRES_URL
  if (url) {
    log('using the PostgreSQL of BTCFI_POSTGRES_URL')
    project.provide('btcfiPostgresUrl', url)
    return async () => {}
  }
  try {
    const server = await startPostgres({ onProgress: log })
    project.provide('btcfiPostgresUrl', server.url)
    return () => server.stop()
  } catch (error) {
    if (!(error instanceof PostgresHarnessError && error.code === 'POSTGRES_NOT_FOUND')) throw error
    log(`${error.message} The tests that need PostgreSQL will fail.`)
    project.provide('btcfiPostgresUrl', '')
    return async () => {}
  }
}
