import { createClient } from '@btcfi/sdk'
import { backendOf } from '@btcfi/wire'
import { afterEach, describe, expect, it } from 'vitest'
import { memoryWebhookStore } from '../store/memoryWebhookStore.js'
import type { WebhookStore } from '../store/WebhookStore.js'
import { createWebhookSecret } from './createWebhookSecret.js'
import { createWebhookSender, type WebhookSender } from './createWebhookSender.js'

// The sender over a stand-in node: lnd's replay rules for invoices (only
// after a non-zero index), no payments, and a receiver that takes everything.

interface FakeInvoice {
  addIndex: bigint
  settleIndex: bigint
  state: 'OPEN' | 'SETTLED'
}

function nodeWith(invoices: FakeInvoice[]) {
  const full = (i: FakeInvoice) => ({
    paymentHash: i.addIndex.toString(16).padStart(64, '0'),
    memo: '',
    valueMsat: 1_000n,
    amountPaidMsat: i.state === 'SETTLED' ? 1_000n : 0n,
    createdAt: new Date(0),
    settledAt: i.state === 'SETTLED' ? new Date(0) : undefined,
    ...i,
  })
  return createClient({
    network: 'regtest',
    backend: backendOf({
      listInvoices: (req) => {
        const page = invoices
          .filter((i) => i.addIndex > (req.indexOffset ?? 0n))
          .slice(0, req.maxInvoices)
        return {
          invoices: page.map(full),
          firstIndexOffset: page[0]?.addIndex ?? 0n,
          lastIndexOffset: page.at(-1)?.addIndex ?? 0n,
        } as never
      },
      listPayments: () => ({ payments: [], firstIndexOffset: 0n, lastIndexOffset: 0n }) as never,
      subscribeInvoices: async function* (
        req: { addIndex?: bigint; settleIndex?: bigint },
        options: { signal?: AbortSignal },
      ) {
        // lnd replays only from indexes above 0.
        for (const i of invoices) {
          const added = req.addIndex !== undefined && req.addIndex > 0n && i.addIndex > req.addIndex
          const settled =
            req.settleIndex !== undefined && req.settleIndex > 0n && i.settleIndex > req.settleIndex
          if (added || settled) yield full(i) as never
        }
        await new Promise((resolve) => options.signal?.addEventListener('abort', resolve))
      } as never,
    }),
  })
}

const delivered: string[] = []
const fetch: typeof globalThis.fetch = async (_url, init) => {
  delivered.push(new Headers(init?.headers).get('webhook-id') ?? '')
  return new Response(null, { status: 204 })
}
const senders: WebhookSender[] = []
afterEach(async () => {
  await Promise.all(senders.splice(0).map((s) => s.stop()))
  delivered.length = 0
})

function senderOf(invoices: FakeInvoice[], store: WebhookStore) {
  const sender = createWebhookSender({
    client: nodeWith(invoices),
    store,
    endpoints: [{ id: 'shop', url: 'https://shop.example/hooks', secret: createWebhookSecret() }],
    fetch,
    pollIntervalMs: 50,
  })
  senders.push(sender)
  return sender
}

const cursorAt = (addIndex: bigint, settleIndex: bigint) => ({
  addIndex,
  settleIndex,
  paymentIndex: 0n,
  inFlight: [],
})

describe('createWebhookSender', () => {
  it('tells a settlement made while it was down, on a node that had settled nothing before', async () => {
    const store = memoryWebhookStore()
    await store.record([], ['shop'], cursorAt(1n, 0n))
    await senderOf([{ addIndex: 1n, settleIndex: 1n, state: 'SETTLED' }], store).start()
    await expect.poll(() => delivered).toEqual(['evt_invoice_settled_1'])
    expect((await store.loadCursor())?.settleIndex).toBe(1n)
  })

  it('reads again from the stored cursor when an event cannot be recorded, and loses nothing', async () => {
    const memory = memoryWebhookStore()
    await memory.record([], ['shop'], cursorAt(4n, 2n))
    let failures = 1
    const store: WebhookStore = {
      ...memory,
      async record(events, endpoints, cursor) {
        if (events.length > 0 && failures-- > 0) throw new Error('SQLITE_BUSY')
        return memory.record(events, endpoints, cursor)
      },
    }
    await senderOf(
      [
        { addIndex: 5n, settleIndex: 3n, state: 'SETTLED' },
        { addIndex: 6n, settleIndex: 0n, state: 'OPEN' },
      ],
      store,
    ).start()
    await expect
      .poll(() => [...delivered].sort(), { timeout: 5_000 })
      .toEqual(['evt_invoice_created_5', 'evt_invoice_created_6', 'evt_invoice_settled_3'])
    expect(await memory.loadCursor()).toMatchObject({ addIndex: 6n, settleIndex: 3n })
  })

  it('keeps delivering to a healthy endpoint while another hangs', async () => {
    const store = memoryWebhookStore()
    await store.record([], ['shop', 'slow'], cursorAt(1n, 1n))
    const invoices: FakeInvoice[] = Array.from({ length: 12 }, (_, i) => ({
      addIndex: BigInt(i + 2),
      settleIndex: 0n,
      state: 'OPEN' as const,
    }))
    const toShop: string[] = []
    const sender = createWebhookSender({
      client: nodeWith(invoices),
      store,
      endpoints: [
        { id: 'slow', url: 'https://slow.example/hooks', secret: createWebhookSecret() },
        { id: 'shop', url: 'https://shop.example/hooks', secret: createWebhookSecret() },
      ],
      // The slow endpoint never answers; each attempt waits out the timeout.
      fetch: async (url, init) => {
        if (String(url).startsWith('https://slow.'))
          return new Promise<Response>((_, reject) =>
            init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
          )
        toShop.push(new Headers(init?.headers).get('webhook-id') ?? '')
        return new Response(null, { status: 204 })
      },
      timeoutMs: 60_000,
      concurrency: 4,
      pollIntervalMs: 50,
    })
    senders.push(sender)
    await sender.start()
    await expect.poll(() => toShop.length, { timeout: 5_000 }).toBe(12)
  })

  it('starts again after a stop, and delivers', async () => {
    const store = memoryWebhookStore()
    await store.record([], ['shop'], cursorAt(1n, 1n))
    const invoices: FakeInvoice[] = []
    const sender = senderOf(invoices, store)
    await sender.start()
    await sender.stop()
    invoices.push({ addIndex: 2n, settleIndex: 0n, state: 'OPEN' })
    await sender.start()
    await expect.poll(() => delivered).toEqual(['evt_invoice_created_2'])
  })
})
