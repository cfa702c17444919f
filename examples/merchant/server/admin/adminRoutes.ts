import { hasErrorCode } from '@btcfi/core'
import type { LoanStore } from '@btcfi/loans'
import type { LightningClient } from '@btcfi/sdk'
import { Hono } from 'hono'
import type { WebhookInbox } from '../hooks/createWebhookInbox.js'
import { jsonResponse } from '../http/json.js'
import { bigintField, readBody } from '../http/readBody.js'
import type { Meter } from '../meter/createMeter.js'
import type { Orders } from '../shop/createOrders.js'
import type { Tips } from '../tips/createTips.js'
import type { createLedger } from './createLedger.js'
import { loanSummaries } from './loanSummaries.js'
import { ordersCsv } from './ordersCsv.js'

export interface AdminRoutesParameters {
  orders: Orders
  meter: Meter
  ledger: ReturnType<typeof createLedger>
  price: () => Promise<bigint>
  /** The merchant's node (its balance on the admin page). */
  merchant: LightningClient
  /** The loan desk's book, when the shop runs one next to it. */
  loans?: LoanStore
  /** Moves the regtest price feed (absent on a real network). */
  setPrice?: (centsPerBtc: bigint) => void
  /** The shop's Lightning Address (its tips). */
  tips: Tips
  /** The app's webhook endpoint (what it received). */
  inbox: WebhookInbox
}

/** A history cursor is the SDK's URL-safe text. */
const CURSOR = /^[A-Za-z0-9_-]{1,4000}$/

/**
 * The admin page's data: revenue, invoices, streams, loans, webhooks; the
 * node's history a page at a time; CSV export; the regtest price control.
 */
export function adminRoutes(parameters: AdminRoutesParameters) {
  const { orders, meter, ledger, price, merchant, loans, setPrice, tips, inbox } = parameters
  /** What the shop knows an invoice of its node was for. */
  const purposeOf = (paymentHash: string) => {
    const order = orders.orderOf(paymentHash)
    if (order)
      return `${order.method === 'pay-later' ? 'pay later' : 'order'} ${order.id.slice(0, 8)}`
    const tip = tips.get(paymentHash)
    if (tip) return tip.comment ? `tip: ${tip.comment}` : 'tip'
    return undefined
  }
  return (
    new Hono()
      .get('/summary', async () => {
        const centsPerBtc = await price()
        const channel = await merchant.getChannelBalance()
        return jsonResponse({
          centsPerBtc,
          canSetPrice: setPrice !== undefined,
          merchantMsat: channel.localMsat,
          revenue: ledger.entries(),
          orders: orders.list(),
          sessions: meter.list(),
          loans: loans ? await loanSummaries(loans, centsPerBtc) : [],
          webhooks: inbox.summary(),
        })
      })
      // The merchant node's history, oldest first: `?cursor=` from the previous page, `?limit=` 1 to 200.
      .get('/history', async (c) => {
        const cursor = c.req.query('cursor') || undefined
        if (cursor !== undefined && !CURSOR.test(cursor)) throw new RangeError('No such cursor.')
        const limitText = c.req.query('limit') ?? '25'
        const limit = Number(limitText)
        if (!/^\d{1,3}$/.test(limitText) || limit < 1 || limit > 200) {
          throw new RangeError('limit must be 1 to 200.')
        }
        const page = await merchant.listHistory({ cursor, limit }).catch((error: unknown) => {
          throw hasErrorCode(error, 'INVALID_ARGUMENT') ? new RangeError('No such cursor.') : error
        })
        return jsonResponse({
          entries: page.entries.map((entry) => {
            const paymentHash =
              entry.kind === 'invoice'
                ? entry.invoice.paymentHash
                : entry.kind === 'payment'
                  ? entry.payment.paymentHash
                  : undefined
            return {
              id: entry.id,
              kind: entry.kind,
              atMs: entry.at.getTime(),
              deltaMsat: entry.deltaMsat,
              ...(paymentHash === undefined ? {} : { paymentHash }),
              ...(entry.kind === 'invoice' ? { state: entry.invoice.state } : {}),
              ...(entry.kind === 'payment' ? { state: entry.payment.status } : {}),
              purpose: paymentHash === undefined ? undefined : purposeOf(paymentHash),
            }
          }),
          cursor: page.cursor,
          hasMore: page.hasMore,
        })
      })
      .get('/orders.csv', () => {
        return new Response(ordersCsv(orders.list()), {
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': 'attachment; filename="orders.csv"',
          },
        })
      })
      .post('/price', async (c) => {
        if (!setPrice) return jsonResponse({ error: 'This network has a real price.' }, 409)
        const centsPerBtc = bigintField((await readBody(c)).centsPerBtc, 'centsPerBtc')
        setPrice(centsPerBtc)
        return jsonResponse({ centsPerBtc })
      })
  )
}
