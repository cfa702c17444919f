import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { StreamTally } from '@btcfi/stream'
import { afterAll, describe, expect, it } from 'vitest'
import type { Quote } from '../loan/Quote.js'
import { defaultTerms } from '../terms/defaultTerms.js'
import { sampleLoan } from '../testing/sampleLoan.js'
import type { LoanStore } from './LoanStore.js'
import { memoryLoanStore } from './memoryLoanStore.js'
import { openSqlite, type SqliteDriver } from './openSqlite.js'
import { sqliteLoanStore } from './sqliteLoanStore.js'
import { sqliteMigrations } from './sqliteMigrations.js'
import { sqlitePruning } from './sqlitePruning.js'
import { fromStoreJson, toStoreJson } from './storeJson.js'

const dir = mkdtempSync(join(tmpdir(), 'loans-store-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The SQLite drivers this Node can run: node:sqlite from Node 22.13, better-sqlite3 where it is built for this Node. */
const drivers = (['node:sqlite', 'better-sqlite3'] as const).filter((driver) => {
  try {
    openSqlite(':memory:', driver).close()
    return true
  } catch {
    return false
  }
})

let n = 0
const stores: [string, () => Promise<LoanStore>][] = [
  ['memoryLoanStore', async () => memoryLoanStore()],
  ...drivers.map((driver): [string, () => Promise<LoanStore>] => [
    `sqliteLoanStore on ${driver}`,
    () => sqliteLoanStore({ path: join(dir, `store-${++n}.db`), driver }),
  ]),
]

it('this Node runs at least one SQLite driver, and the one it picks by default', async () => {
  expect(drivers.length).toBeGreaterThan(0)
  const store = await sqliteLoanStore({ path: ':memory:' })
  await store.setCursor('x', 1n)
  expect(await store.getCursor('x')).toBe(1n)
  await store.close()
})

const quote: Quote = {
  id: 'q1',
  deskPubkey: `02${'bb'.repeat(32)}`,
  borrowerPubkey: `02${'aa'.repeat(32)}`,
  principal: 123_456_789_012_345_678_901n,
  currency: 'USD',
  centsPerBtc: 10_000_000n,
  priceAtMs: 1,
  collateralSat: 3n,
  principalMsat: 4n,
  terms: defaultTerms,
  createdAtMs: 1,
  expiresAtMs: 60_001,
}

const tally: StreamTally = {
  streamId: 'loan-interest-loan-1',
  pubkey: 'ab'.repeat(32),
  authorizedBy: `02${'aa'.repeat(32)}`,
  lastSeq: 1,
  totalMsat: 2n ** 64n + 1n,
  receivedMsat: 1_000n,
  missingSeqs: [],
  payments: 1,
}

describe.each(stores)('%s', (_name, open) => {
  it('keeps quotes and loans exactly (bigints beyond 2^53)', async () => {
    const store = await open()
    await store.saveQuote(quote)
    expect(await store.getQuote('q1')).toEqual(quote)
    expect(await store.getQuote('nope')).toBeUndefined()
    const loan = sampleLoan({
      interest: {
        carry: 2n ** 80n + 1n,
        accruedMsat: 1n,
        paidMsat: 0n,
        accruedToMs: 5,
        dues: [{ atMs: 1, amountMsat: 9n }],
      },
    })
    const { loan: saved } = await store.saveLoan(loan)
    expect(saved).toEqual({ ...loan, version: 1 })
    expect(await store.getLoan(loan.id)).toEqual(saved)
    await store.close()
  })

  it('saves a loan with its events in one step, and refuses a stale version', async () => {
    const store = await open()
    const { loan, events } = await store.saveLoan(sampleLoan(), [
      { loanId: 'loan-1', atMs: 1, type: 'loan.opened', data: { collateralSat: 100_000_000n } },
    ])
    expect(events).toEqual([
      {
        seq: 1,
        loanId: 'loan-1',
        atMs: 1,
        type: 'loan.opened',
        data: { collateralSat: 100_000_000n },
      },
    ])
    const next = await store.saveLoan({ ...loan, state: 'DISBURSING' }, [
      { loanId: 'loan-1', atMs: 2, type: 'lock.accepted', data: {} },
    ])
    expect(next.loan.version).toBe(2)
    // an update based on version 1 again, or a second insert, is a conflict and writes nothing
    await expect(
      store.saveLoan({ ...loan, state: 'ACTIVE' }, [
        { loanId: 'loan-1', atMs: 3, type: 'loan.repaid', data: {} },
      ]),
    ).rejects.toMatchObject({ reason: 'CONFLICT', code: 'ALREADY_EXISTS' })
    await expect(store.saveLoan(sampleLoan())).rejects.toMatchObject({ reason: 'CONFLICT' })
    expect((await store.getLoan('loan-1'))?.state).toBe('DISBURSING')
    expect((await store.listEvents({ loanId: 'loan-1' })).map((e) => [e.seq, e.type])).toEqual([
      [1, 'loan.opened'],
      [2, 'lock.accepted'],
    ])
    expect((await store.listEvents({ loanId: 'loan-1', afterSeq: 1 })).map((e) => e.seq)).toEqual([
      2,
    ])
    expect(await store.listEvents({ loanId: 'other' })).toEqual([])
    await store.close()
  })

  it('lists loans by state and borrower', async () => {
    const store = await open()
    await store.saveLoan(sampleLoan({ id: 'a', createdAtMs: 1 }))
    await store.saveLoan(sampleLoan({ id: 'b', state: 'ACTIVE', createdAtMs: 2 }))
    const other = sampleLoan({ id: 'c', state: 'ACTIVE', createdAtMs: 3 })
    other.agreement.borrowerPubkey = `03${'cc'.repeat(32)}`
    await store.saveLoan(other)
    expect((await store.listLoans()).map((l) => l.id)).toEqual(['a', 'b', 'c'])
    expect((await store.listLoans({ states: ['ACTIVE'] })).map((l) => l.id)).toEqual(['b', 'c'])
    expect(
      (await store.listLoans({ borrowerPubkey: `03${'cc'.repeat(32)}` })).map((l) => l.id),
    ).toEqual(['c'])
    await store.close()
  })

  it('accepts a nonce once until it expires', async () => {
    const store = await open()
    expect(await store.useNonce('pk', 'n1', 100, 0)).toBe(true)
    expect(await store.useNonce('pk', 'n1', 100, 50)).toBe(false)
    expect(await store.useNonce('other', 'n1', 100, 50)).toBe(true)
    expect(await store.useNonce('pk', 'n1', 300, 100)).toBe(true)
    await store.close()
  })

  it('keeps named cursors, beyond 2^53', async () => {
    const store = await open()
    expect(await store.getCursor('stream')).toBeUndefined()
    await store.setCursor('stream', 7n)
    await store.setCursor('stream', 2n ** 60n + 1n)
    await store.setCursor('other', 1n)
    expect(await store.getCursor('stream')).toBe(2n ** 60n + 1n)
    expect(await store.getCursor('other')).toBe(1n)
    await store.close()
  })

  it('pins a stream’s key once, and moves its seq on only from the seq it follows', async () => {
    const store = await open()
    expect(await store.getStreamTally(tally.streamId)).toBeUndefined()
    expect(await store.saveStreamTally(tally, undefined)).toBe(true)
    // Another key for the same stream: neither as a first payment nor as a next one.
    const other = { ...tally, pubkey: 'cd'.repeat(32), authorizedBy: undefined }
    expect(await store.saveStreamTally(other, undefined)).toBe(false)
    expect(await store.saveStreamTally({ ...other, lastSeq: 2 }, 1)).toBe(false)
    // A next seq from a seq that is not the stored one (a stale or replayed write).
    expect(await store.saveStreamTally({ ...tally, lastSeq: 3 }, 2)).toBe(false)
    expect(await store.getStreamTally(tally.streamId)).toEqual(tally)
    const next = { ...tally, lastSeq: 4, missingSeqs: [2, 3], payments: 2, receivedMsat: 2_000n }
    expect(await store.saveStreamTally(next, 1)).toBe(true)
    expect(await store.getStreamTally(tally.streamId)).toEqual(next)
    expect(await store.saveStreamTally({ ...next, lastSeq: 5 }, 1)).toBe(false)
    expect(await store.getStreamTally('other-stream')).toBeUndefined()
    await store.close()
  })
})

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
