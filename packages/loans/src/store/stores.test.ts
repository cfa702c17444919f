import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sampleLoan } from '../testing/sampleLoan.js'
import { openSqlite, type SqliteDriver } from './openSqlite.js'
import { sqliteLoanStore } from './sqliteLoanStore.js'
import { sqliteMigrations } from './sqliteMigrations.js'
import { sqlitePruning } from './sqlitePruning.js'
import { fromStoreJson, toStoreJson } from './storeJson.js'
import { loanStoreContract, sampleTally as tally } from './testing/loanStoreContract.js'
import { embeddedStores, sqliteDrivers } from './testing/sqliteDrivers.js'

const dir = mkdtempSync(join(tmpdir(), 'loans-store-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const drivers = sqliteDrivers

const stores = embeddedStores(dir, 'store')

it('this Node runs at least one SQLite driver, and the one it picks by default', async () => {
  expect(drivers.length).toBeGreaterThan(0)
  const store = await sqliteLoanStore({ path: ':memory:' })
  await store.setCursor('x', 1n)
  expect(await store.getCursor('x')).toBe(1n)
  await store.close()
})

loanStoreContract(stores)

describe.each(drivers)('sqliteLoanStore on %s', (driver: SqliteDriver) => {
  it('survives a reopen, and migrates once', async () => {
    const path = join(dir, 'nested', `reopen-${driver}.db`)
    const first = await sqliteLoanStore({ path, driver })
    await first.saveLoan(sampleLoan(), [
      { loanId: 'loan-1', atMs: 1, type: 'loan.opened', data: {} },
    ])
    await first.close()
    const second = await sqliteLoanStore({ path, driver })
    expect((await second.getLoan('loan-1'))?.version).toBe(1)
    expect(await second.listEvents({ loanId: 'loan-1' })).toHaveLength(1)
    await second.setCursor('stream', 42n)
    await second.saveStreamTally(tally, undefined)
    await second.close()
    const third = await sqliteLoanStore({ path, driver })
    expect(await third.getCursor('stream')).toBe(42n)
    expect(await third.getStreamTally(tally.streamId)).toEqual(tally)
    expect(await third.saveStreamTally({ ...tally, pubkey: 'cd'.repeat(32) }, undefined)).toBe(
      false,
    )
    await third.close()
  })

  it('prunes expired quotes and nonces through their indexes, not a table scan', async () => {
    const plan = (db: ReturnType<typeof openSqlite>, sql: string) =>
      db
        .prepare<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(0)
        .map((row) => row.detail)
        .join('; ')
    // Before the index migration, SQLite scans the tables.
    const before = openSqlite(':memory:', driver)
    before.exec(sqliteMigrations[0]!)
    before.exec(sqliteMigrations[1]!)
    expect(plan(before, sqlitePruning.quotes)).toMatch(/^SCAN quotes/)
    expect(plan(before, sqlitePruning.nonces)).toMatch(/^SCAN nonces/)
    before.close()

    const path = join(dir, `plan-${driver}.db`)
    await (await sqliteLoanStore({ path, driver })).close()
    const db = openSqlite(path, driver)
    expect(plan(db, sqlitePruning.quotes)).toMatch(
      /^SEARCH quotes USING (COVERING )?INDEX quotes_expires \(expires_at_ms<\?\)/,
    )
    expect(plan(db, sqlitePruning.nonces)).toMatch(
      /^SEARCH nonces USING (COVERING )?INDEX nonces_expires \(expires_at_ms<\?\)/,
    )
    db.close()
  })

  it('a transaction is kept whole or not at all', () => {
    const db = openSqlite(':memory:', driver)
    db.exec('CREATE TABLE t (v INTEGER)')
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)')
    const count = db.prepare<{ n: number }>('SELECT count(*) AS n FROM t')
    const failing = db.transaction((v: number) => {
      insert.run(v)
      throw new Error('after the first write')
    })
    expect(() => failing(1)).toThrow('after the first write')
    expect(count.get()?.n).toBe(0)
    expect(db.transaction((v: number) => insert.run(v).changes)(2)).toBe(1)
    expect(count.get()?.n).toBe(1)
    db.close()
  })
})

it('the store JSON keeps bigints and leaves look-alike strings alone', () => {
  const value = { a: 1n, b: '1', c: [2n ** 70n], d: { $n: 'x' }, e: -5n }
  expect(fromStoreJson(toStoreJson(value))).toEqual(value)
})
