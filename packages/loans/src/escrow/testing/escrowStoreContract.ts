import { bytesToHex } from '@btcfi/core'
import { afterEach, describe, expect, it } from 'vitest'
import type { EscrowRecord, EscrowStore } from '../EscrowStore.js'
import { testEscrowTerms } from './escrowLock.js'

/** A store to test, and how to open its data again (a durable store only). */
export interface OpenedEscrowStore {
  store: EscrowStore
  /** Opens the same data in a new store (after this one is closed). */
  reopen?: () => Promise<EscrowStore>
}

/** A record of lock n of `loanId`, held at `heldAtMs`, with amounts no float holds. */
export function sampleEscrowRecord(
  n: number,
  { loanId = 'loan-1', heldAtMs = 1_000 }: { loanId?: string; heldAtMs?: number } = {},
): EscrowRecord {
  return {
    hold: {
      loanId,
      agreementHash: 'aa'.repeat(32),
      paymentHash: bytesToHex(new Uint8Array(32).fill(n)),
      ...testEscrowTerms,
      // Amounts past 2^63: the store keeps bigints whole.
      principal: 2n ** 63n - 1n,
      collateralSat: 2n ** 70n + 1n,
      rolledOver: false,
    },
    preimage: bytesToHex(new Uint8Array(32).fill(200 + n)),
    heldAtMs,
  }
}

const close = async (store: EscrowStore) => {
  await (store as Partial<{ close(): Promise<void> }>).close?.()
}

/**
 * What every `EscrowStore` does, as `memoryEscrowStore` does it: run over
 * each store `open` gives (a fresh one per test).
 */
export function escrowStoreContract(
  stores: readonly (readonly [name: string, open: () => Promise<OpenedEscrowStore>])[],
): void {
  const opened: EscrowStore[] = []
  const openStore = async (open: () => Promise<OpenedEscrowStore>) => {
    const it = await open()
    opened.push(it.store)
    return it
  }
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(close))
  })

  describe.each(stores)('%s', (_name, open) => {
    it('gives back what was put, bigints exact, and nothing for a lock it does not hold', async () => {
      const { store } = await openStore(open)
      expect(await store.get(sampleEscrowRecord(1).hold.paymentHash)).toBeUndefined()
      const record = sampleEscrowRecord(1)
      await store.put(record)
      const back = await store.get(record.hold.paymentHash)
      expect(back).toStrictEqual(record)
      expect(back?.hold.principal).toBe(2n ** 63n - 1n)
      expect(back?.hold.collateralSat).toBe(2n ** 70n + 1n)
      // A copy: changing it changes nothing stored.
      back!.hold.rolledOver = true
      expect((await store.get(record.hold.paymentHash))?.hold.rolledOver).toBe(false)
      expect(await store.ofLoan('another loan')).toEqual([])
    })

    it('a put of the same lock overwrites it, keeping its place', async () => {
      const { store } = await openStore(open)
      const first = sampleEscrowRecord(1, { heldAtMs: 5 })
      const second = sampleEscrowRecord(2, { heldAtMs: 5 })
      await store.put(first)
      await store.put(second)
      const released: EscrowRecord = {
        ...first,
        hold: {
          ...first.hold,
          rolledOver: true,
          dispute: { kind: 'interest', dueAtMs: 1, claimedAtMs: 2, answered: false },
        },
        released: { atMs: 9, ground: 'default' },
      }
      await store.put(released)
      expect(await store.get(first.hold.paymentHash)).toStrictEqual(released)
      expect(await store.ofLoan('loan-1')).toStrictEqual([released, second])
    })

    it('finds a lock by its hash in either case', async () => {
      const { store } = await openStore(open)
      const record = sampleEscrowRecord(171)
      const upper = {
        ...record,
        hold: { ...record.hold, paymentHash: record.hold.paymentHash.toUpperCase() },
      }
      await store.put(upper)
      expect(await store.get(record.hold.paymentHash)).toStrictEqual(upper)
      expect(await store.get(record.hold.paymentHash.toUpperCase())).toStrictEqual(upper)
      // The same lock written in lower case overwrites it: one lock, not two.
      await store.put(record)
      expect(await store.get(upper.hold.paymentHash)).toStrictEqual(record)
      expect(await store.ofLoan('loan-1')).toHaveLength(1)
    })

    it("gives a loan's locks oldest first, then in the order first written, and no other loan's", async () => {
      const { store } = await openStore(open)
      const c = sampleEscrowRecord(3, { heldAtMs: 30 })
      const a = sampleEscrowRecord(1, { heldAtMs: 10 })
      const other = sampleEscrowRecord(9, { loanId: 'loan-2', heldAtMs: 5 })
      const b1 = sampleEscrowRecord(4, { heldAtMs: 20 })
      const b2 = sampleEscrowRecord(2, { heldAtMs: 20 })
      for (const record of [c, a, other, b1, b2]) await store.put(record)
      expect(await store.ofLoan('loan-1')).toStrictEqual([a, b1, b2, c])
      expect(await store.ofLoan('loan-2')).toStrictEqual([other])
    })

    it('keeps every lock through a close and a reopen', async () => {
      const { store, reopen } = await openStore(open)
      if (!reopen) return
      const records = [
        sampleEscrowRecord(1, { heldAtMs: 2 }),
        sampleEscrowRecord(2, { heldAtMs: 1 }),
      ]
      for (const record of records) await store.put(record)
      const released = { ...records[0]!, released: { atMs: 3, ground: 'liquidation' } }
      await store.put(released)
      await close(store)
      const again = await reopen()
      opened.push(again)
      expect(await again.get(records[0]!.hold.paymentHash)).toStrictEqual(released)
      expect(await again.ofLoan('loan-1')).toStrictEqual([records[1], released])
    })
  })
}
