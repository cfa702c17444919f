import { postgresLoanStore } from '@btcfi/loans/node'
import { startPostgres } from '@btcfi/regtest'
import pg from 'pg'
import type { BookStore } from './openBookStore.js'

/** Connections of the book's pool. */
const POOL_SIZE = 16

/**
 * `postgresLoanStore` on a throwaway PostgreSQL (`startPostgres`: its own
 * temp dir, fsync off), or, with `BTCFI_POSTGRES_URL`, in a schema of its own
 * in that database, dropped on close. The store runs on a pool of the
 * book's, which also reads the loans' size on disk.
 */
export async function openPostgresBookStore(log: (line: string) => void): Promise<BookStore> {
  const url = process.env.BTCFI_POSTGRES_URL
  const server = url ? undefined : await startPostgres({ onProgress: (line) => log(line) })
  const schema = url ? `btcfi_bench_${process.pid}_${Date.now()}` : undefined
  const pool = new pg.Pool({ connectionString: url ?? server!.url, max: POOL_SIZE })
  // A connection that breaks while idle is dropped; unheard, its error would end the process.
  pool.on('error', () => {})
  const loans = schema ? `${schema}.loans` : 'loans'
  const end = async () => {
    if (schema) await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {})
    await pool.end().catch(() => {})
    await server?.stop()
  }
  try {
    if (url) log(`PostgreSQL of BTCFI_POSTGRES_URL, schema ${schema}`)
    const store = await postgresLoanStore({ pool, ...(schema && { schema }) })
    return {
      store,
      async loanBytesOnDisk() {
        const { rows } = await pool.query<{ bytes: string }>(
          'SELECT pg_total_relation_size($1::regclass) AS bytes',
          [loans],
        )
        return Number(rows[0]!.bytes)
      },
      // What autovacuum does after a large insert: the planner's statistics.
      async settle() {
        await pool.query(`ANALYZE ${loans}`)
      },
      async close() {
        try {
          await store.close()
        } finally {
          await end()
        }
      },
    }
  } catch (error) {
    await end()
    throw error
  }
}
