import type { LoanStore } from '@btcfi/loans'
import type { LightningClient } from '@btcfi/sdk'
import { Hono } from 'hono'
import { jsonResponse } from '../http/json.js'
import { bigintField, readBody } from '../http/readBody.js'
import type { Meter } from '../meter/createMeter.js'
import type { Orders } from '../shop/createOrders.js'
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
}

/** The admin page's data: revenue, invoices, streams, loans; CSV export; the regtest price control. */
export function adminRoutes(parameters: AdminRoutesParameters) {
  const { orders, meter, ledger, price, merchant, loans, setPrice } = parameters
  return new Hono()
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
}
