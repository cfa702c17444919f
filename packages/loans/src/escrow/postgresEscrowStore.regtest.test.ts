import { randomBytes } from 'node:crypto'
import { getTestPostgresUrl } from '@btcfi/regtest/vitest'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { isLoanError } from '../errors/LoanError.js'
import type { LoanStore } from '../store/LoanStore.js'
import { postgresLoanStore } from '../store/postgresLoanStore.js'
import { sampleLoan } from '../testing/sampleLoan.js'
import type { DurableEscrowStore } from './EscrowStore.js'
import { postgresEscrowStore } from './postgresEscrowStore.js'
import { escrowStoreContract, sampleEscrowRecord } from './testing/escrowStoreContract.js'

// The escrow store on the run's PostgreSQL (or BTCFI_POSTGRES_URL's): each
// test on a schema of its own, dropped at the end.
const url = getTestPostgresUrl()
const admin = new pg.Pool({ connectionString: url, max: 3 })
const schemas: string[] = []
const freshSchema = () => {
  const schema = `escrow_test_${randomBytes(6).toString('hex')}`
  schemas.push(schema)
  return schema
}
const opened: (DurableEscrowStore | LoanStore)[] = []
const open = async (parameters: Parameters<typeof postgresEscrowStore>[0]) => {
  const store = await postgresEscrowStore(parameters)
  opened.push(store)
  return store
}
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()))
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await admin.end()
})

escrowStoreContract([
  [
    'postgresEscrowStore',
    async () => {
      const schema = freshSchema()
      return { store: await open({ url, schema }), reopen: () => open({ url, schema }) }
    },
  ],
])

describe('postgresEscrowStore', () => {
  it("shares a schema and a pool with a loan store: its own table and versions, the pool stays the caller's", async () => {
    const schema = freshSchema()
    const pool = new pg.Pool({ connectionString: url, max: 4 })
    try {
      const loans = await postgresLoanStore({ pool, schema })
      opened.push(loans)
      const escrow = await postgresEscrowStore({ pool, schema })
      await loans.saveLoan(sampleLoan({ id: 'shared' }))
      await escrow.put(sampleEscrowRecord(1))
      await escrow.close()
      // Both open again on the same schema: neither takes the other's versions for its own.
      const escrowAgain = await postgresEscrowStore({ pool, schema })
      const loansAgain = await postgresLoanStore({ pool, schema })
      opened.push(loansAgain)
      expect((await loansAgain.getLoan('shared'))?.version).toBe(1)
      expect(await escrowAgain.get(sampleEscrowRecord(1).hold.paymentHash)).toStrictEqual(
        sampleEscrowRecord(1),
      )
      const { rows } = await pool.query(
        `SELECT version FROM ${schema}.escrow_schema_migrations ORDER BY version`,
      )
      expect(rows).toEqual([{ version: 1 }])
      // Closing the stores leaves the pool open.
      await escrowAgain.close()
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    } finally {
      await Promise.all(opened.splice(0).map((store) => store.close()))
      await pool.end()
    }
  })

  it('two stores opening a fresh schema at once migrate it once', async () => {
    const schema = freshSchema()
    const [a, b] = await Promise.all([open({ url, schema }), open({ url, schema })])
    await a.put(sampleEscrowRecord(1))
    expect(await b.get(sampleEscrowRecord(1).hold.paymentHash)).toStrictEqual(sampleEscrowRecord(1))
  })

  it('refuses a schema a newer version migrated (STORE_TOO_NEW), and a schema name that is not plain', async () => {
    const schema = freshSchema()
    await open({ url, schema })
    await admin.query(`INSERT INTO ${schema}.escrow_schema_migrations (version) VALUES (99)`)
    const error = await postgresEscrowStore({ url, schema }).catch((e: unknown) => e)
    expect(isLoanError(error, 'STORE_TOO_NEW')).toBe(true)
    const badName = await postgresEscrowStore({ url, schema: 'a;drop' }).catch((e: unknown) => e)
    expect(badName).toMatchObject({ code: 'INVALID_CONFIGURATION', option: 'schema' })
  })
})
