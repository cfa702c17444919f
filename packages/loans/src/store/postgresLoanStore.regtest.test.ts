import { randomBytes } from 'node:crypto'
import { inspect } from 'node:util'
import { getTestPostgresUrl } from '@btcfi/regtest/vitest'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { MAX_WAKE_CENTS, WAKE_RULES_VERSION } from '../desk/loanWake.js'
import { isLoanError } from '../errors/LoanError.js'
import { sampleLoan } from '../testing/sampleLoan.js'
import { wakeIndexProperty } from '../testing/wakeIndexProperty.js'
import type { LoanStore } from './LoanStore.js'
import { postgresLoanStore } from './postgresLoanStore.js'
import { postgresMigrations } from './postgresMigrations.js'
import { postgresStatements } from './postgresStatements.js'
import { toStoreJson } from './storeJson.js'
import { listWakingContract, listWakingFixtures } from './testing/listWakingContract.js'
import { loanStoreContract, sampleQuote } from './testing/loanStoreContract.js'

// The store on the run's PostgreSQL (or BTCFI_POSTGRES_URL's): each test on a
// schema of its own, dropped at the end, so that no test sees another's rows.
const url = getTestPostgresUrl()
const admin = new pg.Pool({ connectionString: url, max: 3 })
const schemas: string[] = []
const freshSchema = () => {
  const schema = `loans_test_${randomBytes(6).toString('hex')}`
  schemas.push(schema)
  return schema
}
const opened: LoanStore[] = []
const open = async (parameters: Parameters<typeof postgresLoanStore>[0]) => {
  const store = await postgresLoanStore(parameters)
  opened.push(store)
  return store
}
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()))
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await admin.end()
})

loanStoreContract([['postgresLoanStore', () => open({ url, schema: freshSchema() })]])

describe('postgresLoanStore, two workers on one book', () => {
  it('of two saves of one loan at once, exactly one wins and the other gets CONFLICT', async () => {
    const schema = freshSchema()
    const [a, b] = [await open({ url, schema }), await open({ url, schema })]
    for (let round = 0; round < 20; round++) {
      const id = `race-${round}`
      // Two first saves of a new loan ...
      const inserts = await Promise.allSettled([
        a.saveLoan(sampleLoan({ id }), [{ loanId: id, atMs: 1, type: 'loan.opened', data: {} }]),
        b.saveLoan(sampleLoan({ id }), [{ loanId: id, atMs: 1, type: 'loan.opened', data: {} }]),
      ])
      expect(inserts.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      const [lost] = inserts.filter((r) => r.status === 'rejected')
      expect(isLoanError(lost?.reason, 'CONFLICT')).toBe(true)
      // ... then two updates based on the same version.
      const loan = (await a.getLoan(id))!
      const updates = await Promise.allSettled([
        a.saveLoan({ ...loan, state: 'DISBURSING' }, [
          { loanId: id, atMs: 2, type: 'lock.accepted', data: {} },
        ]),
        b.saveLoan({ ...loan, state: 'CANCELED' }, [
          { loanId: id, atMs: 2, type: 'loan.canceled', data: {} },
        ]),
      ])
      const won = updates.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
      expect(won).toHaveLength(1)
      expect(
        updates.filter((r) => r.status === 'rejected' && isLoanError(r.reason, 'CONFLICT')),
      ).toHaveLength(1)
      // The loser wrote nothing: the winner's state, and its events only.
      const stored = await b.getLoan(id)
      expect(stored).toEqual(won[0]!.loan)
      expect(stored?.version).toBe(2)
      expect((await a.listEvents({ loanId: id })).map((e) => e.type)).toEqual([
        'loan.opened',
        won[0]!.events[0]!.type,
      ])
    }
  })

  it('a save waiting on another worker’s transaction gets CONFLICT once that one commits', async () => {
    const schema = freshSchema()
    const [a, b] = [await open({ url, schema }), await open({ url, schema })]
    const { loan } = await a.saveLoan(sampleLoan({ id: 'held' }))
    // A third connection updates the row and holds its transaction open: the save waits on it.
    const holder = await admin.connect()
    try {
      await holder.query('BEGIN')
      await holder.query(`UPDATE ${schema}.loans SET version = version + 1 WHERE id = 'held'`)
      const waiting = b.saveLoan({ ...loan, state: 'DISBURSING' })
      await new Promise((resolve) => setTimeout(resolve, 200))
      await holder.query('COMMIT')
      await expect(waiting).rejects.toMatchObject({ reason: 'CONFLICT' })
    } finally {
      holder.release()
    }
    expect((await a.getLoan('held'))?.state).toBe('AWAITING_LOCK')
  })

  it('accepts a nonce used by both at once exactly once', async () => {
    const schema = freshSchema()
    const [a, b] = [await open({ url, schema }), await open({ url, schema })]
    const nonces = Array.from({ length: 40 }, (_, i) => `nonce-${i}`)
    const results = await Promise.all(
      nonces.map((nonce) =>
        Promise.all([a.useNonce('pk', nonce, 1_000, 0), b.useNonce('pk', nonce, 1_000, 0)]),
      ),
    )
    for (const pair of results) expect(pair.filter(Boolean)).toHaveLength(1)
    // Expired, a nonce may be used again: by one of them.
    const again = await Promise.all([
      a.useNonce('pk', 'nonce-0', 3_000, 2_000),
      b.useNonce('pk', 'nonce-0', 3_000, 2_000),
    ])
    expect(again.filter(Boolean)).toHaveLength(1)
  })
})

describe('postgresLoanStore migrations', () => {
  const applied = async (schema: string) =>
    (
      await admin.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`)
    ).rows.map((row: { version: number }) => row.version)

  it('migrate once: workers that start together, and a restart, find the schema up to date', async () => {
    const schema = freshSchema()
    const stores = await Promise.all([1, 2, 3].map(() => open({ url, schema })))
    const versions = postgresMigrations.map((_, i) => i + 1)
    expect(await applied(schema)).toEqual(versions)
    await stores[0]!.saveLoan(sampleLoan(), [
      { loanId: 'loan-1', atMs: 1, type: 'loan.opened', data: {} },
    ])
    await stores[0]!.setCursor('stream', 2n ** 64n * 1_000n + 7n)
    for (const store of stores) await store.close()

    const again = await open({ url, schema })
    expect(await applied(schema)).toEqual(versions)
    expect((await again.getLoan('loan-1'))?.version).toBe(1)
    expect(await again.listEvents({ loanId: 'loan-1' })).toHaveLength(1)
    expect(await again.getCursor('stream')).toBe(2n ** 64n * 1_000n + 7n)
  })

  it('refuses a schema newer than it knows', async () => {
    const schema = freshSchema()
    await (await open({ url, schema })).close()
    await admin.query(`INSERT INTO ${schema}.schema_migrations (version) VALUES ($1)`, [
      postgresMigrations.length + 1,
    ])
    await expect(open({ url, schema })).rejects.toMatchObject({
      name: 'LoanError',
      reason: 'STORE_TOO_NEW',
      code: 'STORE_TOO_NEW',
    })
  })

  it('keeps no column as a float: amounts are in the store JSON as decimal text, cursors NUMERIC', async () => {
    const schema = freshSchema()
    await open({ url, schema })
    const { rows } = await admin.query(
      'SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = $1',
      [schema],
    )
    const types = new Set(rows.map((row: { data_type: string }) => row.data_type))
    expect(types.has('real') || types.has('double precision')).toBe(false)
    expect(rows).toContainEqual({
      table_name: 'cursors',
      column_name: 'value',
      data_type: 'numeric',
    })
  })
})

listWakingContract([['postgresLoanStore', () => open({ url, schema: freshSchema() })]])

// The wake index's property on PostgreSQL: each case on an emptied schema
// (fewer cases than in memory: each look is a round trip).
const propertySchema = freshSchema()
wakeIndexProperty(
  [
    [
      'postgresLoanStore',
      async () => {
        const store = await postgresLoanStore({ pool: admin, schema: propertySchema })
        await admin.query(`TRUNCATE ${propertySchema}.loans, ${propertySchema}.events`)
        return store
      },
    ],
  ],
  60,
)

describe('postgresLoanStore, claims', () => {
  it('a key is one worker’s at a time, and is free again once released, once its holder closes, or once its session dies', async () => {
    const schema = freshSchema()
    const [a, b] = [await open({ url, schema }), await open({ url, schema })]
    const held = await a.claim!('loan-1')
    expect(held).toBeDefined()
    expect(await b.claim!('loan-1')).toBeUndefined()
    // Another key, and the same key on another book (schema), are free.
    const other = await b.claim!('loan-2')
    expect(other).toBeDefined()
    expect(await (await open({ url, schema: freshSchema() })).claim!('loan-1')).toBeDefined()
    await held!.release()
    await held!.release() // twice is once
    const taken = await b.claim!('loan-1')
    expect(taken).toBeDefined()
    expect(await a.claim!('loan-1')).toBeUndefined()
    // b's session dies (a worker SIGKILLed, its connection cut): its claims go with it.
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()
         AND pid IN (SELECT pid FROM pg_stat_activity WHERE datname = current_database())
         AND objid = (hashtextextended($1, 0) & 4294967295)::oid`,
      [`btcfi-loans:${schema}:loan-1`],
    )
    await expect.poll(async () => (await a.claim!('loan-1')) !== undefined).toBe(true)
    // b goes on: a new claim opens a new session; its older ones are gone.
    await taken!.release()
    expect(await b.claim!('loan-3')).toBeDefined()
    await a.close()
    expect(await b.claim!('loan-1')).toBeDefined()
  })

  it('needs two connections: one holds the claims', async () => {
    await expect(
      postgresLoanStore({ url, schema: freshSchema(), maxConnections: 1 }),
    ).rejects.toMatchObject({ name: 'ConfigurationError', code: 'INVALID_CONFIGURATION' })
  })
})

describe('postgresLoanStore, the wake index', () => {
  const { T, active } = listWakingFixtures

  it('a book from before the wake index is migrated, its loans keyed on open', async () => {
    const schema = freshSchema()
    await admin.query(`CREATE SCHEMA ${schema}`)
    await admin.query(
      `CREATE TABLE ${schema}.schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    )
    await admin.query(`SET search_path TO ${schema}; ${postgresMigrations[0]}; RESET search_path`)
    await admin.query(`INSERT INTO ${schema}.schema_migrations (version) VALUES (1)`)
    const loan = { ...active('old', 5_000_000n), version: 1 }
    await admin.query(
      `INSERT INTO ${schema}.loans (id, version, state, borrower_pubkey, created_at_ms, updated_at_ms, data)
       VALUES ($1, 1, 'ACTIVE', $2, $3, $3, $4)`,
      [loan.id, loan.agreement.borrowerPubkey, T, toStoreJson(loan)],
    )
    const store = await open({ url, schema })
    const ids = async (centsPerBtc: bigint) =>
      (await store.listWaking!({ centsPerBtc, nowMs: T, height: 0 })).map((l) => l.id)
    expect(await ids(6_250_000n)).toEqual(['old'])
    expect(await ids(6_250_001n)).toEqual([])
    const { rows } = await admin.query(
      `SELECT wake_below_cents::text AS below, wake_version AS version FROM ${schema}.loans`,
    )
    expect(rows).toEqual([{ below: '6250000', version: WAKE_RULES_VERSION }])
  })

  it('keeps the highest price key exactly', async () => {
    const schema = freshSchema()
    const store = await open({ url, schema })
    // A debt beyond what 1 BTC is worth at any price: every price wakes it.
    await store.saveLoan(active('all-prices', 2n ** 64n))
    const { rows } = await admin.query(
      `SELECT wake_below_cents::text AS below FROM ${schema}.loans`,
    )
    expect(rows).toEqual([{ below: MAX_WAKE_CENTS.toString() }])
    const woken = await store.listWaking!({ centsPerBtc: MAX_WAKE_CENTS, nowMs: T, height: 0 })
    expect(woken.map((l) => l.id)).toEqual(['all-prices'])
  })

  it('reads the waking loans through the indexes: 20,000 idle loans are not scanned', async () => {
    const schema = freshSchema()
    await open({ url, schema })
    await admin.query(
      `INSERT INTO ${schema}.loans (id, version, state, borrower_pubkey, created_at_ms, updated_at_ms, data,
         wake_below_cents, wake_above_cents, wake_at_ms, wake_at_height, wake_version)
       SELECT 'l' || i, 1, 'ACTIVE', 'pk', i, i, '{}', 5000000 + i, NULL, 2000000000000 + i, 100000 + i, 1
       FROM generate_series(1, 20000) AS i`,
    )
    await admin.query(`ANALYZE ${schema}.loans`)
    const sql = postgresStatements(schema)
    for (const price of ['10000000', null]) {
      const plan = (await admin.query(`EXPLAIN ${sql.listWaking}`, [T, 1_000, price])).rows
        .map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN'])
        .join('\n')
      expect(plan).not.toMatch(/Seq Scan/)
      expect(plan).toMatch(/loans_wake_at_ms/)
      expect(plan).toMatch(/loans_wake_at_height/)
      expect(plan).toMatch(/loans_in_flight/)
      if (price !== null) expect(plan).toMatch(/loans_wake_below/)
    }
  })
})

describe('postgresLoanStore, pruning and failures', () => {
  it('prunes expired quotes and nonces through their indexes, in the statement that adds one', async () => {
    const schema = freshSchema()
    const store = await open({ url, schema })
    // 20,000 live nonces and quotes and 10 expired ones: a table scan would read them all.
    await admin.query(
      `INSERT INTO ${schema}.nonces SELECT 'pk', 'n' || i, CASE WHEN i <= 10 THEN 5 ELSE 10000 + i END
       FROM generate_series(1, 20000) AS i`,
    )
    await admin.query(
      `INSERT INTO ${schema}.quotes SELECT 'q' || i, 'pk', CASE WHEN i <= 10 THEN 5 ELSE 10000 + i END, '{}'
       FROM generate_series(1, 20000) AS i`,
    )
    await admin.query(`ANALYZE ${schema}.nonces`)
    await admin.query(`ANALYZE ${schema}.quotes`)
    const sql = postgresStatements(schema)
    const plan = async (statement: string, values: unknown[]) =>
      (await admin.query(`EXPLAIN ${statement}`, values)).rows
        .map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN'])
        .join('\n')
    expect(await plan(sql.useNonce, ['pk', 'new', 2_000, 1_000])).toMatch(
      /Index (Only )?Scan using nonces_expires|Bitmap Index Scan on nonces_expires/,
    )
    expect(await plan(sql.saveQuote, ['q-new', 'pk', 2_000, '{}', 1_000])).toMatch(
      /Index (Only )?Scan using quotes_expires|Bitmap Index Scan on quotes_expires/,
    )
    const count = async (table: string) =>
      Number((await admin.query(`SELECT count(*) AS n FROM ${schema}.${table}`)).rows[0].n)
    expect(await store.useNonce('pk', 'new', 2_000, 1_000)).toBe(true)
    expect(await count('nonces')).toBe(20_000 - 10 + 1)
    await store.saveQuote({ ...sampleQuote, createdAtMs: 86_400_000 + 1_000 })
    expect(await count('quotes')).toBe(20_000 - 10 + 1)
  })

  it('leaves a pool of yours open, and reads its int8 columns exactly whatever its type parsers', async () => {
    const schema = freshSchema()
    const pool = new pg.Pool({ connectionString: url, max: 2 })
    // A pool whose int8 and numeric parse to JS numbers (lossy beyond 2^53): the store still reads exactly.
    const types = { getTypeParser: (oid: number) => (oid === 20 || oid === 1700 ? Number : String) }
    const lossy = new pg.Pool({ connectionString: url, max: 2, types } as pg.PoolConfig)
    try {
      const store = await open({ pool, schema })
      await store.setCursor('big', 2n ** 63n + 1n)
      await store.close()
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
      const other = await open({ pool: lossy, schema })
      expect(await other.getCursor('big')).toBe(2n ** 63n + 1n)
      expect((await other.saveLoan(sampleLoan(), [])).loan.version).toBe(1)
      expect(
        (
          await other.saveLoan((await other.getLoan('loan-1'))!, [
            { loanId: 'loan-1', atMs: 2 ** 53 - 1, type: 'loan.opened', data: {} },
          ])
        ).events[0]?.atMs,
      ).toBe(2 ** 53 - 1)
      expect((await other.listEvents({ loanId: 'loan-1' }))[0]?.atMs).toBe(2 ** 53 - 1)
    } finally {
      await pool.end()
      await lossy.end()
    }
  })

  it('fails as a LoanError that holds no password: a wrong password, a closed store, a bad schema name, no database', async () => {
    const wrong = new URL(url)
    const password = `not-the-password-${randomBytes(8).toString('hex')}`
    wrong.password = password
    const error = await postgresLoanStore({ url: wrong.href, schema: freshSchema() }).catch(
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ name: 'LoanError', reason: 'STORE_UNAVAILABLE' })
    for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(text).not.toContain(password)
      expect(text).not.toContain(new URL(url).password)
    }

    const store = await postgresLoanStore({ url, schema: freshSchema() })
    await store.close()
    await store.close()
    await expect(store.getLoan('loan-1')).rejects.toMatchObject({
      name: 'LoanError',
      reason: 'STORE_UNAVAILABLE',
    })
    await expect(postgresLoanStore({ url, schema: 'no; DROP TABLE loans' })).rejects.toMatchObject({
      option: 'schema',
      code: 'INVALID_CONFIGURATION',
    })
    await expect(
      postgresLoanStore({} as Parameters<typeof postgresLoanStore>[0]),
    ).rejects.toMatchObject({ option: 'url', code: 'INVALID_CONFIGURATION' })
  })
})
