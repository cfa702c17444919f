import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isLoanError } from '../errors/LoanError.js'
import { openSqlite } from '../store/openSqlite.js'
import { sqliteLoanStore } from '../store/sqliteLoanStore.js'
import { sqliteDrivers } from '../store/testing/sqliteDrivers.js'
import { sampleLoan } from '../testing/sampleLoan.js'
import { memoryEscrowStore } from './EscrowStore.js'
import { sqliteEscrowStore } from './sqliteEscrowStore.js'
import { escrowStoreContract, sampleEscrowRecord } from './testing/escrowStoreContract.js'

const dir = mkdtempSync(join(tmpdir(), 'escrow-stores-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0

escrowStoreContract([
  ['memoryEscrowStore', async () => ({ store: memoryEscrowStore() })],
  ...sqliteDrivers.map(
    (driver) =>
      [
        `sqliteEscrowStore on ${driver}`,
        async () => {
          const path = join(dir, `escrow-${++files}.db`)
          return {
            store: await sqliteEscrowStore({ path, driver }),
            reopen: () => sqliteEscrowStore({ path, driver }),
          }
        },
      ] as const,
  ),
])

describe('sqliteEscrowStore', () => {
  it('is readable by its user only, and its schema is migrated once', async () => {
    const path = join(dir, 'nested', 'escrow.db')
    const store = await sqliteEscrowStore({ path })
    await store.put(sampleEscrowRecord(1))
    await store.close()
    expect(statSync(path).mode & 0o777).toBe(0o600)
    // Opened again: the migration is not run twice, the lock is there.
    const again = await sqliteEscrowStore({ path })
    expect(await again.get(sampleEscrowRecord(1).hold.paymentHash)).toStrictEqual(
      sampleEscrowRecord(1),
    )
    await again.close()
  })

  it('shares a file with a loan store: its own table and versions, neither touches the other', async () => {
    const path = join(dir, 'shared.db')
    const loans = await sqliteLoanStore({ path })
    await loans.saveLoan(sampleLoan({ id: 'shared' }))
    await loans.close()
    const escrow = await sqliteEscrowStore({ path })
    await escrow.put(sampleEscrowRecord(1))
    await escrow.close()
    const loansAgain = await sqliteLoanStore({ path })
    expect((await loansAgain.getLoan('shared'))?.version).toBe(1)
    await loansAgain.close()
    const escrowAgain = await sqliteEscrowStore({ path })
    expect(await escrowAgain.ofLoan('loan-1')).toHaveLength(1)
    await escrowAgain.close()
  })

  it('refuses a schema a newer version migrated (STORE_TOO_NEW)', async () => {
    const path = join(dir, 'newer.db')
    await (await sqliteEscrowStore({ path })).close()
    const db = openSqlite(path)
    db.exec('INSERT INTO escrow_schema_migrations (version, applied_at_ms) VALUES (99, 0)')
    db.close()
    const error = await sqliteEscrowStore({ path }).catch((e: unknown) => e)
    expect(isLoanError(error, 'STORE_TOO_NEW')).toBe(true)
  })
})
