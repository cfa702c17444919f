import {
  bitstampSource,
  coinbaseSource,
  httpOracle,
  krakenSource,
  type PriceSource,
} from '@btcfi/loans'
import type { LightningClient } from '@btcfi/sdk'
import { createWebhookSecret } from '@btcfi/webhooks'
import { serve } from '@hono/node-server'
import { createLedger, revenueKindOf } from '../admin/createLedger.js'
import { createWebhookInbox } from '../hooks/createWebhookInbox.js'
import { startWebhookSender } from '../hooks/startWebhookSender.js'
import { cachedPrice } from '../http/cachedPrice.js'
import { createMerchantApp } from '../http/createMerchantApp.js'
import { createMeter } from '../meter/createMeter.js'
import { createOrders } from '../shop/createOrders.js'
import { createTips } from '../tips/createTips.js'

export interface ShopParameters {
  /** The merchant's node (an invoice macaroon is enough for checkout; streams need it to sign receipts). */
  merchant: LightningClient
  webRoot?: string
  port?: number
  host?: string
  /** Where the BTC/USD price comes from. Default Coinbase, Kraken and Bitstamp. */
  sources?: readonly PriceSource[]
  /**
   * The app's public origin (`https://shop.example`), for its Lightning
   * Address (`shop@shop.example`): wallets reach it over https. Default the
   * address it listens on.
   */
  publicUrl?: string
  onProgress?: (line: string) => void
}

/**
 * The merchant app alone, on a real node: checkout and pay-per-minute
 * sessions, priced by the median of Coinbase, Kraken and Bitstamp, and the
 * shop's Lightning Address. No wallet panel and no desk: customers pay from
 * their own wallets. Orders turn PAID on the app's webhook endpoint (the
 * sender reads invoices only, so lnd's invoice macaroon is enough); if the
 * sender cannot start, the orders follow the node's invoice watcher instead.
 */
export async function startShop({
  merchant,
  webRoot,
  port = 8787,
  host = '127.0.0.1',
  sources = [coinbaseSource(), krakenSource(), bitstampSource()],
  publicUrl,
  onProgress = () => {},
}: ShopParameters) {
  const price = cachedPrice(httpOracle({ sources }), 10_000)
  const orders = createOrders({ client: merchant, price })
  const secret = createWebhookSecret()
  const inbox = createWebhookInbox({ secret, orders })
  const tips = createTips({ client: merchant, ...(publicUrl ? { origin: publicUrl } : {}) })
  const meter = createMeter({ client: merchant })
  const ledger = createLedger({
    client: merchant,
    kindOf: revenueKindOf(orders, tips),
  })
  const app = createMerchantApp({
    orders,
    meter,
    ledger,
    price,
    merchant,
    tips,
    inbox,
    ...(webRoot ? { webRoot } : {}),
  })
  const server = serve({ fetch: app.fetch, port, hostname: host })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const address = server.address()
  const url = `http://${host}:${typeof address === 'object' && address ? address.port : port}`
  if (!publicUrl) tips.serveAt(url)
  const sender = await startWebhookSender({
    client: merchant,
    url: `${url}/hooks/lightning`,
    secret,
    onProgress,
  }).catch((error: unknown) => {
    onProgress(
      `webhooks: not started (${String(error instanceof Error ? error.message : error).replace(/\s+/g, ' ')}); ` +
        "order status from the node's invoice watcher",
    )
    orders.followNode()
    return undefined
  })
  onProgress(`lightning address: ${tips.info(url).address}`)
  return {
    url,
    async close() {
      await sender?.close()
      orders.close()
      meter.close()
      ledger.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
