import { verifyWebhook } from '@btcfi/webhooks'
import { Hono } from 'hono'
import type { Orders } from '../shop/createOrders.js'

/** One verified delivery, as the admin page shows it. */
export interface ReceivedWebhook {
  id: string
  type: string
  paymentHash: string | undefined
  /** The order it paid, when it settled one. */
  orderId: string | undefined
  atMs: number
}

export type WebhookInbox = ReturnType<typeof createWebhookInbox>

/** How many deliveries the admin page lists, newest first. */
const RECENT = 20

/**
 * The app's own webhook endpoint (`POST /hooks/lightning`): it verifies each
 * delivery with the run's secret (Standard Webhooks: HMAC over id, timestamp
 * and body; a timestamp within five minutes), acts once per `webhook-id`,
 * and turns an order PAID on an `invoice.settled` of its invoice. A delivery
 * it cannot act on yet (the node did not answer) gets a 500, and the sender
 * tries it again; only one that was acted on is remembered as seen.
 */
export function createWebhookInbox({ secret, orders }: { secret: string; orders: Orders }) {
  const seen = new Set<string>()
  const recent: ReceivedWebhook[] = []
  const counts = { verified: 0, duplicates: 0, rejected: 0, failed: 0 }

  const routes = new Hono().post('/lightning', async (c) => {
    const body = await c.req.text()
    let event: ReturnType<typeof verifyWebhook>
    try {
      event = verifyWebhook({ secret, body, headers: c.req.raw.headers })
    } catch {
      counts.rejected++
      return c.json({ error: 'The delivery did not verify.' }, 401)
    }
    counts.verified++
    if (seen.has(event.id)) {
      counts.duplicates++
      return c.body(null, 204)
    }
    const paymentHash = event.data.paymentHash ?? undefined
    let orderId: string | undefined
    if (event.type === 'invoice.settled' && paymentHash) {
      try {
        orderId = (await orders.settle(paymentHash))?.id
      } catch {
        counts.failed++
        return c.json({ error: 'Not recorded yet: try again.' }, 500)
      }
    }
    seen.add(event.id)
    recent.unshift({ id: event.id, type: event.type, paymentHash, orderId, atMs: Date.now() })
    recent.length = Math.min(recent.length, RECENT)
    return c.body(null, 204)
  })

  return {
    /** Mounted at `/hooks`. */
    routes,
    /** What the endpoint received: counts, and the latest deliveries it acted on. */
    summary: () => ({ ...counts, recent: [...recent] }),
  }
}
