import type { StreamTally } from '@btcfi/stream'
import { describe, expect, it } from 'vitest'
import type { Quote } from '../../loan/Quote.js'
import { defaultTerms } from '../../terms/defaultTerms.js'
import { sampleLoan } from '../../testing/sampleLoan.js'
import type { LoanStore } from '../LoanStore.js'

/** A quote with a principal beyond 2^64. */
export const sampleQuote: Quote = {
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

/** A stream tally with a total beyond 2^64. */
export const sampleTally: StreamTally = {
  streamId: 'loan-interest-loan-1',
  pubkey: 'ab'.repeat(32),
  authorizedBy: `02${'aa'.repeat(32)}`,
  lastSeq: 1,
  totalMsat: 2n ** 64n + 1n,
  receivedMsat: 1_000n,
  missingSeqs: [],
  payments: 1,
}

/**
 * The behaviour every `LoanStore` shares, run over each store given (a name
 * and a function that opens a fresh, empty store): the unit tests run it over
 * memory and SQLite, the regtest suite over PostgreSQL.
 */
export function loanStoreContract(
  stores: readonly (readonly [name: string, open: () => Promise<LoanStore>])[],
): void {
  describe.each(stores)('%s', (_name, open) => {
    it('keeps quotes and loans exactly (bigints beyond 2^53)', async () => {
      const store = await open()
      await store.saveQuote(sampleQuote)
      expect(await store.getQuote('q1')).toEqual(sampleQuote)
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
      ).rejects.toMatchObject({ reason: 'CONFLICT', code: 'CONFLICT' })
      await expect(store.saveLoan(sampleLoan())).rejects.toMatchObject({ reason: 'CONFLICT' })
      expect((await store.getLoan('loan-1'))?.state).toBe('DISBURSING')
      expect((await store.listEvents({ loanId: 'loan-1' })).map((e) => [e.seq, e.type])).toEqual([
        [1, 'loan.opened'],
        [2, 'lock.accepted'],
      ])
      expect((await store.listEvents({ loanId: 'loan-1', afterSeq: 1 })).map((e) => e.seq)).toEqual(
        [2],
      )
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
      expect(await store.getStreamTally(sampleTally.streamId)).toBeUndefined()
      expect(await store.saveStreamTally(sampleTally, undefined)).toBe(true)
      // Another key for the same stream: neither as a first payment nor as a next one.
      const other = { ...sampleTally, pubkey: 'cd'.repeat(32), authorizedBy: undefined }
      expect(await store.saveStreamTally(other, undefined)).toBe(false)
      expect(await store.saveStreamTally({ ...other, lastSeq: 2 }, 1)).toBe(false)
      // A next seq from a seq that is not the stored one (a stale or replayed write).
      expect(await store.saveStreamTally({ ...sampleTally, lastSeq: 3 }, 2)).toBe(false)
      expect(await store.getStreamTally(sampleTally.streamId)).toEqual(sampleTally)
      const next = {
        ...sampleTally,
        lastSeq: 4,
        missingSeqs: [2, 3],
        payments: 2,
        receivedMsat: 2_000n,
      }
      expect(await store.saveStreamTally(next, 1)).toBe(true)
      expect(await store.getStreamTally(sampleTally.streamId)).toEqual(next)
      expect(await store.saveStreamTally({ ...next, lastSeq: 5 }, 1)).toBe(false)
      expect(await store.getStreamTally('other-stream')).toBeUndefined()
      await store.close()
    })
  })
}
