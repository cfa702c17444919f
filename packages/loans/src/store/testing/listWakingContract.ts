import { describe, expect, it } from 'vitest'
import { loanWake } from '../../desk/loanWake.js'
import type { LoanRecord } from '../../loan/LoanRecord.js'
import { sampleLoan } from '../../testing/sampleLoan.js'
import type { LoanStore } from '../LoanStore.js'

const T = 1_700_000_000_000
const DAY = 86_400_000

/** An ACTIVE loan of `principal` cents against 1 BTC held until height 1,000, interest-free. */
function active(id: string, principal: bigint, overrides: Partial<LoanRecord> = {}): LoanRecord {
  const base = sampleLoan({ id })
  return sampleLoan({
    id,
    state: 'ACTIVE',
    agreement: { ...base.agreement, principal, aprBps: 0n },
    disbursedAtMs: T,
    maturesAtMs: T + 30 * DAY,
    locks: [{ ...base.locks[0]!, state: 'ACCEPTED', expiryHeight: 1_000 }],
    interest: { carry: 0n, accruedMsat: 0n, paidMsat: 0n, accruedToMs: T, dues: [] },
    ...overrides,
  })
}

export const listWakingFixtures = { T, DAY, active }

/**
 * What `listWaking` and `hasLoans` do on every store that has them, run over
 * each store given (a name and a function that opens a fresh, empty store):
 * the unit tests run it over memory and SQLite, the regtest suite over
 * PostgreSQL.
 */
export function listWakingContract(stores: readonly [string, () => Promise<LoanStore>][]): void {
  describe.each(stores)('listWaking on %s', (_name, open) => {
    it('wakes the loans in flight, and the ACTIVE ones whose keys say so, by creation', async () => {
      const store = await open()
      // margin calls at $62,500 (a), $31,250 (b); b has a margin call standing, cleared above $31,250
      await store.saveLoan(active('a', 5_000_000n))
      await store.saveLoan(
        active('b', 2_500_000n, { createdAtMs: T + 1, marginCall: { atMs: T, ltvBps: 8_000n } }),
      )
      await store.saveLoan(sampleLoan({ id: 'c', state: 'DISBURSING', createdAtMs: T + 2 }))
      await store.saveLoan(sampleLoan({ id: 'd', state: 'LIQUIDATING', createdAtMs: T + 3 }))
      await store.saveLoan(sampleLoan({ id: 'e', state: 'REPAID', createdAtMs: T + 4, locks: [] }))
      const ids = async (at: { centsPerBtc?: bigint; nowMs: number; height: number }) =>
        (await store.listWaking!(at)).map((l) => l.id)
      expect(loanWake((await store.getLoan('b'))!)).toMatchObject({ aboveCents: 3_125_000n })
      expect(await ids({ centsPerBtc: 6_250_000n, nowMs: T, height: 0 })).toEqual([
        'a',
        'b',
        'c',
        'd',
      ])
      expect(await ids({ centsPerBtc: 6_250_001n, nowMs: T, height: 0 })).toEqual(['b', 'c', 'd'])
      expect(await ids({ centsPerBtc: 3_125_000n, nowMs: T, height: 0 })).toEqual(['a', 'c', 'd'])
      // no price: time and height only
      expect(await ids({ nowMs: T, height: 0 })).toEqual(['c', 'd'])
      expect(await ids({ nowMs: T + DAY, height: 0 })).toEqual(['a', 'b', 'c', 'd'])
      expect(await ids({ nowMs: T, height: 1_000 - 30 - 72 })).toEqual(['a', 'b', 'c', 'd'])
      expect(await store.hasLoans!(['ACTIVE'])).toBe(true)
      expect(await store.hasLoans!(['AWAITING_LOCK', 'CANCELED'])).toBe(false)
      // a save keys the loan again: a repaid whose lock went back has no keys ...
      const a = (await store.getLoan('a'))!
      const released = a.locks.map((l) => ({ ...l, state: 'CANCELED' as const }))
      await store.saveLoan({ ...a, state: 'REPAID' })
      // ... until then it wakes at once (a worker releases its lock)
      expect(await ids({ nowMs: T, height: 0 })).toEqual(['a', 'c', 'd'])
      await store.saveLoan({ ...(await store.getLoan('a'))!, locks: released })
      expect(await ids({ centsPerBtc: 3_125_000n, nowMs: T, height: 0 })).toEqual(['c', 'd'])
      expect(
        (await store.listLoans({ states: ['ACTIVE', 'DISBURSING'] })).map((l) => l.id),
      ).toEqual(['b', 'c'])
      await store.close()
    })
  })
}
