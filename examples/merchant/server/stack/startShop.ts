import {
  bitstampSource,
  coinbaseSource,
  httpOracle,
  krakenSource,
  type PriceSource,
} from '@btcfi/loans'
import type { LightningClient } from '@btcfi/sdk'
import { serve } from '@hono/node-server'
import { createLedger } from '../admin/createLedger.js'
import { cachedPrice } from '../http/cachedPrice.js'
import { createMerchantApp } from '../http/createMerchantApp.js'
import { createMeter } from '../meter/createMeter.js'
import { createOrders } from '../shop/createOrders.js'

export interface ShopParameters {
  /** The merchant's node (an invoice macaroon is enough for checkout; streams need it to sign receipts). */
  merchant: LightningClient
  webRoot?: string
  port?: number
  host?: string
  /** Where the BTC/USD price comes from. Default Coinbase, Kraken and Bitstamp. */
  sources?: readonly PriceSource[]
}

/**
 * The merchant app alone, on a real node: checkout and pay-per-minute
 * sessions, priced by the median of Coinbase, Kraken and Bitstamp. No wallet
 * panel and no desk: customers pay from their own wallets.
 */
export async function startShop({
  merchant,
  webRoot,
  port = 8787,
  host = '127.0.0.1',
  sources = [coinbaseSource(), krakenSource(), bitstampSource()],
}: ShopParameters) {
  const price = cachedPrice(httpOracle({ sources }), 10_000)
  const orders = createOrders({ client: merchant, price })
  const meter = createMeter({ client: merchant })
  const ledger = createLedger({
    client: merchant,
    kindOf: (hash, isKeysend) => {
      const order = orders.orderOf(hash)
      if (order) return order.method === 'pay-later' ? 'pay-later' : 'checkout'
      return isKeysend ? 'stream' : undefined
    },
  })
  const app = createMerchantApp({
    orders,
    meter,
    ledger,
    price,
    merchant,
    ...(webRoot ? { webRoot } : {}),
  })
  const server = serve({ fetch: app.fetch, port, hostname: host })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const address = server.address()
  return {
    url: `http://${host}:${typeof address === 'object' && address ? address.port : port}`,
    async close() {
      orders.close()
      meter.close()
      ledger.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
