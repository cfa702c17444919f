import { hasErrorCode } from '@btcfi/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createClient } from '../../client/createClient.js'
import { fakeBackend } from '../../testing/fakeBackend.js'
import { decodeHistoryCursor, encodeHistoryCursor } from './historyCursor.js'
import { listHistory } from './listHistory.js'

// A node's records as lnd pages them: payments by index, invoices by add
// index, forwards by position in time, on-chain by height (each with its
// own clock, which need not agree with the others').
interface Records {
  payments: {
    paymentIndex: bigint
    createdAt: Date
    status: string
    valueMsat: bigint
    feeMsat: bigint
  }[]
  invoices: { addIndex: bigint; createdAt: Date; state: string; amountPaidMsat: bigint }[]
  forwards: { at: Date; feeMsat: bigint }[]
  onchain: {
    txid: string
    blockHeight: number | undefined
    confirmations: number
    at: Date
    amountSat: bigint
  }[]
}

function nodeOf(records: Records) {
  return createClient({
    network: 'regtest',
    backend: fakeBackend({
      listPayments: (req) => {
        const page = records.payments
          .filter((p) => p.paymentIndex > (req.indexOffset ?? 0n))
          .slice(0, req.maxPayments)
        return {
          payments: page,
          firstIndexOffset: page[0]?.paymentIndex ?? 0n,
          lastIndexOffset: page.at(-1)?.paymentIndex ?? 0n,
        } as never
      },
      listInvoices: (req) => {
        const page = records.invoices
          .filter((i) => i.addIndex > (req.indexOffset ?? 0n))
          .slice(0, req.maxInvoices)
        return {
          invoices: page,
          firstIndexOffset: page[0]?.addIndex ?? 0n,
          lastIndexOffset: page.at(-1)?.addIndex ?? 0n,
        } as never
      },
      forwardingHistory: (req) => {
        const offset = req.indexOffset ?? 0
        const events = records.forwards.slice(offset, offset + (req.maxEvents ?? 100))
        return { events, lastOffsetIndex: offset + events.length } as never
      },
      getTransactions: (req) =>
        records.onchain.filter(
          (t) => t.blockHeight === undefined || t.blockHeight >= (req.startHeight ?? 0),
        ) as never,
    }),
  })
}

const time = fc.integer({ min: 1_600_000_000_000, max: 1_700_000_000_000 }).map((t) => new Date(t))
const records = fc
  .record({
    payments: fc.array(fc.tuple(time, fc.constantFrom('SUCCEEDED', 'FAILED', 'IN_FLIGHT')), {
      maxLength: 12,
    }),
    invoices: fc.array(fc.tuple(time, fc.constantFrom('SETTLED', 'OPEN', 'CANCELED')), {
      maxLength: 12,
    }),
    forwards: fc.array(time, { maxLength: 12 }),
    onchain: fc.array(
      fc.tuple(fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }), time),
      { maxLength: 12 },
    ),
  })
  .map(
    (r): Records => ({
      payments: r.payments
        .map(([at, status], i) => ({
          paymentIndex: BigInt(i + 1),
          createdAt: at,
          status,
          valueMsat: 1_000n,
          feeMsat: 1n,
        }))
        .sort((a, b) => +a.createdAt - +b.createdAt)
        .map((p, i) => ({ ...p, paymentIndex: BigInt(i + 1) })),
      invoices: r.invoices
        .map(([at, state]) => ({ createdAt: at, state, amountPaidMsat: 5n }))
        .sort((a, b) => +a.createdAt - +b.createdAt)
        .map((inv, i) => ({ ...inv, addIndex: BigInt(i + 1) })),
      forwards: r.forwards.sort((a, b) => +a - +b).map((at) => ({ at, feeMsat: 2n })),
      onchain: r.onchain.map(([height, at], i) => ({
        txid: i.toString(16).padStart(64, '0'),
        blockHeight: height,
        confirmations: height === undefined ? 0 : 1,
        at,
        amountSat: -3n,
      })),
    }),
  )

async function readAll(client: ReturnType<typeof nodeOf>, limit: number, cursor?: string) {
  const ids: string[] = []
  for (let pages = 0; pages < 200; pages++) {
    const page = await listHistory(client, { limit, ...(cursor ? { cursor } : {}) })
    ids.push(...page.entries.map((e) => e.id))
    cursor = page.cursor
    if (page.entries.length === 0) return { ids, cursor }
  }
  throw new Error('the feed did not end')
}

const expectedIds = (r: Records) =>
  [
    ...r.payments.map((p) => `payment:${p.paymentIndex}`),
    ...r.invoices.map((i) => `invoice:${i.addIndex}`),
    ...r.forwards.map((_, i) => `forward:${i + 1}`),
    ...r.onchain.filter((t) => t.blockHeight !== undefined).map((t) => `onchain:${t.txid}`),
  ].sort()

describe('listHistory', () => {
  it('pages through every entry exactly once, at any page size, each source in its own order', async () => {
    await fc.assert(
      fc.asyncProperty(records, fc.integer({ min: 1, max: 7 }), async (r, limit) => {
        const { ids } = await readAll(nodeOf(r), limit)
        expect([...ids].sort()).toEqual(expectedIds(r))
        const payments = ids.filter((id) => id.startsWith('payment:'))
        expect(payments).toEqual(r.payments.map((p) => `payment:${p.paymentIndex}`))
      }),
      { numRuns: 150 },
    )
  })

  it('goes on from a kept cursor with what came after it, and nothing before', async () => {
    await fc.assert(
      fc.asyncProperty(records, records, async (first, later) => {
        const records: Records = {
          payments: [...first.payments],
          invoices: [...first.invoices],
          forwards: [...first.forwards],
          onchain: [...first.onchain.filter((t) => t.blockHeight !== undefined)],
        }
        const { cursor } = await readAll(nodeOf(records), 5)
        const base = { payments: records.payments.length, invoices: records.invoices.length }
        records.payments.push(
          ...later.payments.map((p, i) => ({ ...p, paymentIndex: BigInt(base.payments + i + 1) })),
        )
        records.invoices.push(
          ...later.invoices.map((v, i) => ({ ...v, addIndex: BigInt(base.invoices + i + 1) })),
        )
        const forwardsBefore = records.forwards.length
        records.forwards.push(...later.forwards)
        const newTxs = later.onchain
          .filter((t) => t.blockHeight !== undefined)
          .map((t, i) => ({
            ...t,
            blockHeight: 10 + t.blockHeight!,
            txid: `f${i}`.padStart(64, 'e'),
          }))
        records.onchain.push(...newTxs)
        // A client made afresh (after a restart) with the kept cursor.
        const { ids } = await readAll(nodeOf(records), 3, cursor)
        expect([...ids].sort()).toEqual(
          [
            ...later.payments.map((_, i) => `payment:${base.payments + i + 1}`),
            ...later.invoices.map((_, i) => `invoice:${base.invoices + i + 1}`),
            ...later.forwards.map((_, i) => `forward:${forwardsBefore + i + 1}`),
            ...newTxs.map((t) => `onchain:${t.txid}`),
          ].sort(),
        )
      }),
      { numRuns: 100 },
    )
  })

  it('counts what moved the funds: a payment out with its fee, an invoice paid, a fee earned', async () => {
    const client = nodeOf({
      payments: [
        {
          paymentIndex: 1n,
          createdAt: new Date(1),
          status: 'SUCCEEDED',
          valueMsat: 10_000n,
          feeMsat: 7n,
        },
        {
          paymentIndex: 2n,
          createdAt: new Date(2),
          status: 'FAILED',
          valueMsat: 10_000n,
          feeMsat: 0n,
        },
      ],
      invoices: [
        { addIndex: 1n, createdAt: new Date(3), state: 'SETTLED', amountPaidMsat: 4_000n },
      ],
      forwards: [{ at: new Date(4), feeMsat: 11n }],
      onchain: [
        {
          txid: 'a'.repeat(64),
          blockHeight: 3,
          confirmations: 2,
          at: new Date(5),
          amountSat: -250n,
        },
      ],
    })
    const { entries, hasMore } = await listHistory(client)
    expect(entries.map((e) => [e.kind, e.deltaMsat])).toEqual([
      ['payment', -10_007n],
      ['payment', 0n],
      ['invoice', 4_000n],
      ['forward', 11n],
      ['onchain', -250_000n],
    ])
    expect(hasMore).toBe(false)
  })

  it('takes on-chain transactions with minConfirmations only, and the cursor waits for the rest', async () => {
    const r: Records = {
      payments: [],
      invoices: [],
      forwards: [],
      onchain: [
        { txid: 'a'.repeat(64), blockHeight: 10, confirmations: 6, at: new Date(1), amountSat: 1n },
        { txid: 'b'.repeat(64), blockHeight: 13, confirmations: 3, at: new Date(2), amountSat: 1n },
      ],
    }
    const first = await listHistory(nodeOf(r), { minConfirmations: 6 })
    expect(first.entries.map((e) => e.id)).toEqual([`onchain:${'a'.repeat(64)}`])
    r.onchain[1]!.confirmations = 6
    const next = await listHistory(nodeOf(r), { minConfirmations: 6, cursor: first.cursor })
    expect(next.entries.map((e) => e.id)).toEqual([`onchain:${'b'.repeat(64)}`])
  })

  it('says there is more exactly when there is: a page that ends the feed says no', async () => {
    await fc.assert(
      fc.asyncProperty(records, fc.integer({ min: 1, max: 7 }), async (r, limit) => {
        const client = nodeOf(r)
        let cursor: string | undefined
        for (;;) {
          const page = await listHistory(client, { limit, ...(cursor ? { cursor } : {}) })
          cursor = page.cursor
          const next = await listHistory(client, { limit, cursor })
          expect(page.hasMore).toBe(next.entries.length > 0)
          if (!page.hasMore) break
        }
      }),
      { numRuns: 100 },
    )
  })

  it('round-trips its cursors, and refuses any other text', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 63n }),
        fc.bigInt({ min: 0n, max: 2n ** 63n }),
        fc.nat(),
        fc.nat({ max: 10_000_000 }),
        fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: '' as const }),
        (paymentIndex, invoiceAddIndex, forwardOffset, height, txid) => {
          const position = {
            paymentIndex,
            invoiceAddIndex,
            forwardOffset,
            onchain: { height, txid },
          }
          expect(decodeHistoryCursor(encodeHistoryCursor(position))).toEqual(position)
        },
      ),
    )
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          decodeHistoryCursor(text)
        } catch (error) {
          expect(hasErrorCode(error, 'INVALID_ARGUMENT')).toBe(true)
        }
      }),
    )
  })
})
