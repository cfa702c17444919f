import type pg from 'pg'
import { expectTypeOf, test } from 'vitest'
import type { PostgresLoanStoreParameters } from './postgresLoanStore.js'
import type { PostgresPool } from './postgresPool.js'

test('a node-postgres pool is a PostgresPool: the store takes yours as it is', () => {
  expectTypeOf<pg.Pool>().toExtend<PostgresPool>()
  expectTypeOf<{ pool: pg.Pool; schema: string }>().toExtend<PostgresLoanStoreParameters>()
})

test('a store opens on a URL or on a pool, not on both', () => {
  expectTypeOf<{ url: string }>().toExtend<PostgresLoanStoreParameters>()
  expectTypeOf<{ url: string; pool: pg.Pool }>().not.toExtend<PostgresLoanStoreParameters>()
  expectTypeOf<{
    pool: pg.Pool
    maxConnections: number
  }>().not.toExtend<PostgresLoanStoreParameters>()
})
