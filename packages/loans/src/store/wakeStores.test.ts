import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { WAKE_RULES_VERSION } from '../desk/loanWake.js'
import { openSqlite, type SqliteDriver } from './openSqlite.js'
import { packJson, unpackJson } from './packJson.js'
import { sortedIndex } from './sortedIndex.js'
import { sqliteLoanStore } from './sqliteLoanStore.js'
import { sqliteMigrations } from './sqliteMigrations.js'
import { toStoreJson } from './storeJson.js'
import { listWakingContract, listWakingFixtures } from './testing/listWakingContract.js'
import { embeddedStores, sqliteDrivers } from './testing/sqliteDrivers.js'

const dir = mkdtempSync(join(tmpdir(), 'loans-wake-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const drivers = sqliteDrivers
const stores = embeddedStores(dir, 'wake')

const { T } = listWakingFixtures
const active = listWakingFixtures.active

describe('sortedIndex', () => {
  it('keeps (key, id) pairs sorted through adds and deletes, and reads ranges from either end', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ add: fc.boolean(), key: fc.integer({ min: 0, max: 50 }), id: fc.nat(20) }),
          { maxLength: 300 },
        ),
        fc.integer({ min: -1, max: 51 }),
        (ops, probe) => {
          const index = sortedIndex<number>(2)
          const model: [number, string][] = []
          for (const op of ops) {
            const id = `l${op.id}`
            const at = model.findIndex(([k, i]) => k === op.key && i === id)
            if (op.add && at < 0) {
              index.add(op.key, id)
              model.push([op.key, id])
            } else if (!op.add) {
              expect(index.delete(op.key, id)).toBe(at >= 0)
              if (at >= 0) model.splice(at, 1)
            }
          }
          model.sort(([k1, i1], [k2, i2]) => k1 - k2 || (i1 < i2 ? -1 : i1 > i2 ? 1 : 0))
          expect(index.entries()).toEqual(model)
          expect(index.size).toBe(model.length)
          const ids = (visit: (f: (id: string) => void) => void) => {
            const out: string[] = []
            visit((id) => out.push(id))
            return out
          }
          expect(ids((f) => index.upTo(probe, true, f))).toEqual(
            model.filter(([k]) => k <= probe).map(([, i]) => i),
          )
          expect(ids((f) => index.upTo(probe, false, f))).toEqual(
            model.filter(([k]) => k < probe).map(([, i]) => i),
          )
          expect(ids((f) => index.downTo(probe, true, f))).toEqual(
            model
              .filter(([k]) => k >= probe)
              .map(([, i]) => i)
              .reverse(),
          )
        },
      ),
    )
  })
})

it('packJson gives back the text exactly, and packs a loan small', () => {
  const text = toStoreJson(active('a'.repeat(32), 5_000_000n))
  const packed = packJson(text)
  expect(unpackJson(packed)).toBe(text)
  expect(packed.length).toBeLessThan(text.length / 3)
  expect(unpackJson(packJson('{"é":"✓"}'))).toBe('{"é":"✓"}')
})

listWakingContract(stores)

describe.each(drivers)('the wake columns on SQLite (%s)', (driver: SqliteDriver) => {
  it('a file from before the wake index is migrated, its loans keyed on open', async () => {
    const path = join(dir, `old-${driver}.db`)
    const old = openSqlite(path, driver)
    for (const sql of sqliteMigrations.slice(0, 4)) old.exec(sql)
    old.exec('PRAGMA user_version = 4')
    const loan = { ...active('old', 5_000_000n), version: 1 }
    old
      .prepare(
        'INSERT INTO loans (id, version, state, borrower_pubkey, created_at_ms, updated_at_ms, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(loan.id, 1, 'ACTIVE', loan.agreement.borrowerPubkey, T, T, toStoreJson(loan))
    old.close()
    const store = await sqliteLoanStore({ path, driver })
    const ids = async (centsPerBtc: bigint) =>
      (await store.listWaking!({ centsPerBtc, nowMs: T, height: 0 })).map((l) => l.id)
    expect(await ids(6_250_000n)).toEqual(['old'])
    expect(await ids(6_250_001n)).toEqual([])
    await store.close()
    const db = openSqlite(path, driver)
    expect(
      db
        .prepare<{ below: bigint | number; version: number }>(
          'SELECT wake_below_cents AS below, wake_version AS version FROM loans',
        )
        .get(),
    ).toMatchObject({ below: 6_250_000, version: WAKE_RULES_VERSION })
    db.close()
  })

  it('reads the waking loans through the indexes, not a table scan', async () => {
    const path = join(dir, `plan-wake-${driver}.db`)
    await (await sqliteLoanStore({ path, driver })).close()
    const db = openSqlite(path, driver)
    const plan = db
      .prepare<{ detail: string }>(
        `EXPLAIN QUERY PLAN SELECT rowid FROM loans WHERE wake_below_cents >= ?
         UNION ALL SELECT rowid FROM loans WHERE wake_above_cents < ?
         UNION ALL SELECT rowid FROM loans WHERE wake_at_ms <= ?
         UNION ALL SELECT rowid FROM loans WHERE wake_at_height <= ?
         UNION ALL SELECT rowid FROM loans WHERE state = 'DISBURSING'`,
      )
      .all(1n, 1n, 1, 1)
      .map((row) => row.detail)
      .join('; ')
    for (const index of [
      'loans_wake_below',
      'loans_wake_above',
      'loans_wake_at_ms',
      'loans_wake_at_height',
      'loans_state',
    ]) {
      expect(plan).toContain(`INDEX ${index}`)
    }
    expect(plan).not.toMatch(/SCAN loans(?! USING)/)
    db.close()
  })
})
