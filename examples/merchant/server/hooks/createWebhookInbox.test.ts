import { createHmac } from 'node:crypto'
import { createWebhookSecret } from '@btcfi/webhooks'
import { describe, expect, it } from 'vitest'
import type { Orders } from '../shop/createOrders.js'
import { createWebhookInbox } from './createWebhookInbox.js'

/** A delivery signed as Standard Webhooks does: HMAC-SHA256 of `id.timestamp.body`. */
function delivery(secret: string, id: string, data: Record<string, string>) {
  const body = JSON.stringify({
    type: 'invoice.settled',
    timestamp: new Date().toISOString(),
    data,
  })
  const timestamp = String(Math.floor(Date.now() / 1_000))
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')
  return new Request('http://shop.test/lightning', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${signature}`,
    },
    body,
  })
}

/** Orders that settle the hashes they are told, failing the first `failures` times. */
function fakeOrders(failures = 0) {
  const settled: string[] = []
  let left = failures
  const orders = {
    async settle(paymentHash: string) {
      if (left-- > 0) throw new Error('the node did not answer')
      settled.push(paymentHash)
      return paymentHash === 'aa' ? { id: 'order-1' } : undefined
    },
  } as unknown as Orders
  return { orders, settled }
}

describe('the webhook endpoint', () => {
  it('pays the order of a verified invoice.settled once, however often it is delivered', async () => {
    const secret = createWebhookSecret()
    const { orders, settled } = fakeOrders()
    const inbox = createWebhookInbox({ secret, orders })
    const first = await inbox.routes.fetch(
      delivery(secret, 'evt_invoice_settled_7', { paymentHash: 'aa' }),
    )
    expect(first.status).toBe(204)
    const again = await inbox.routes.fetch(
      delivery(secret, 'evt_invoice_settled_7', { paymentHash: 'aa' }),
    )
    expect(again.status).toBe(204)
    expect(settled).toEqual(['aa'])
    const summary = inbox.summary()
    expect(summary).toMatchObject({ verified: 2, duplicates: 1, rejected: 0, failed: 0 })
    expect(summary.recent).toEqual([
      expect.objectContaining({
        id: 'evt_invoice_settled_7',
        type: 'invoice.settled',
        paymentHash: 'aa',
        orderId: 'order-1',
      }),
    ])
  })

  it('refuses a delivery signed with another secret, or changed on the way', async () => {
    const secret = createWebhookSecret()
    const { orders, settled } = fakeOrders()
    const inbox = createWebhookInbox({ secret, orders })
    const forged = delivery(createWebhookSecret(), 'evt_invoice_settled_8', { paymentHash: 'aa' })
    expect((await inbox.routes.fetch(forged)).status).toBe(401)
    const real = delivery(secret, 'evt_invoice_settled_8', { paymentHash: 'aa' })
    const changed = new Request(real, { body: (await real.text()).replace('aa', 'bb') })
    expect((await inbox.routes.fetch(changed)).status).toBe(401)
    expect(settled).toEqual([])
    expect(inbox.summary()).toMatchObject({ verified: 0, rejected: 2, recent: [] })
  })

  it('answers 500 while the order cannot be recorded, so the sender tries again', async () => {
    const secret = createWebhookSecret()
    const { orders, settled } = fakeOrders(1)
    const inbox = createWebhookInbox({ secret, orders })
    const send = () =>
      inbox.routes.fetch(delivery(secret, 'evt_invoice_settled_9', { paymentHash: 'aa' }))
    expect((await send()).status).toBe(500)
    expect((await send()).status).toBe(204)
    expect(settled).toEqual(['aa'])
    expect(inbox.summary()).toMatchObject({ verified: 2, duplicates: 0, failed: 1 })
  })
})
