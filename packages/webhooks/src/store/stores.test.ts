import { describe, expect, it } from 'vitest'
import type { WebhookEvent } from '../events/WebhookEvent.js'
import { memoryWebhookStore } from './memoryWebhookStore.js'
import { sqliteWebhookStore } from './sqliteWebhookStore.js'
import type { WebhookStore } from './WebhookStore.js'

const event = (id: string): WebhookEvent => ({
  id,
  type: 'invoice.created',
  occurredAt: new Date(1_700_000_000_000),
  data: { paymentHash: id },
})
const cursor = (addIndex: bigint) => ({
  addIndex,
  settleIndex: 0n,
  paymentIndex: 3n,
  inFlight: [4n, 9n],
})

describe.each([
  ['memory', async () => memoryWebhookStore()],
  ['sqlite', async () => sqliteWebhookStore(':memory:')],
] as [string, () => Promise<WebhookStore>][])('the %s outbox', (_name, make) => {
  it('records events and the cursor together, an event once however often it is recorded', async () => {
    const store = await make()
    expect(await store.loadCursor()).toBeUndefined()
    await store.record([event('a'), event('b')], ['shop', 'books'], cursor(2n))
    await store.record([event('b'), event('c')], ['shop', 'books'], cursor(3n))
    expect(await store.loadCursor()).toEqual(cursor(3n))
    const due = await store.due(Date.now(), 100, 'shop')
    expect(due.map((d) => `${d.event.id}:${d.endpoint}`)).toEqual(['a:shop', 'b:shop', 'c:shop'])
    expect((await store.due(Date.now(), 2, 'books')).map((d) => d.event.id)).toEqual(['a', 'b'])
    expect(due[0]).toEqual({ event: event('a'), endpoint: 'shop', attempts: 0 })
  })

  it('holds a failed delivery until its retry time, gives it up when told, and keeps delivered ones out', async () => {
    const store = await make()
    await store.record([event('a'), event('b')], ['shop'], cursor(2n))
    await store.failed('a', 'shop', 1, 5_000, 'HTTP 500')
    await store.delivered('b', 'shop', 10)
    expect(await store.due(4_999, 10, 'shop')).toEqual([])
    expect(await store.due(5_000, 10, 'shop')).toEqual([
      { event: event('a'), endpoint: 'shop', attempts: 1 },
    ])
    await store.failed('a', 'shop', 2, undefined, 'HTTP 500')
    expect(await store.due(Number.MAX_SAFE_INTEGER, 10, 'shop')).toEqual([])
    expect(await store.status('a', 'shop')).toEqual({ state: 'dead', attempts: 2 })
    expect(await store.status('b', 'shop')).toEqual({ state: 'delivered', attempts: 0 })
    // A late failure report does not reopen what was delivered.
    await store.failed('b', 'shop', 1, 0, 'late')
    expect(await store.status('b', 'shop')).toEqual({ state: 'delivered', attempts: 0 })
  })
})
