import { Hono } from 'hono'
import { type AdminRoutesParameters, adminRoutes } from '../admin/adminRoutes.js'
import { meterRoutes } from '../meter/meterRoutes.js'
import { checkoutRoutes } from '../shop/checkoutRoutes.js'
import type { Wallet } from '../wallet/createWallet.js'
import { walletRoutes } from '../wallet/walletRoutes.js'
import { jsonResponse } from './json.js'
import { staticFiles } from './staticFiles.js'

export interface MerchantAppParameters extends AdminRoutesParameters {
  /** The customer's wallet panel (a demo convenience: the customer's own node). */
  wallet?: Wallet
  /** The built front end (vite's `dist`). */
  webRoot?: string
}

/**
 * The merchant app's HTTP side: fetch-style handlers on hono, serving the
 * API under `/api`, the shop's Lightning Address (`/.well-known/lnurlp/shop`),
 * its webhook endpoint (`POST /hooks/lightning`) and the front end at `/`.
 */
export function createMerchantApp(parameters: MerchantAppParameters): Hono {
  const { orders, meter, price, wallet, webRoot, tips, inbox } = parameters
  const app = new Hono()
  app.onError((error) => {
    const message = error instanceof Error ? error.message : String(error)
    const code = (error as { code?: unknown }).code
    const status = error instanceof RangeError || error instanceof TypeError ? 400 : 502
    return jsonResponse({ error: message, ...(typeof code === 'string' ? { code } : {}) }, status)
  })
  // What this deployment offers: the wallet panel and pay later need the customer's node and a desk.
  app.get('/api/config', () => jsonResponse({ wallet: wallet !== undefined }))
  app.get('/api/price', async () => jsonResponse({ centsPerBtc: await price() }))
  app.route('/api', checkoutRoutes({ orders, price }))
  app.route('/api/meter', meterRoutes({ meter }))
  app.route('/api/admin', adminRoutes(parameters))
  // The shop's Lightning Address: where it is, and the LNURL-pay service behind it.
  app.get('/api/tips', (c) => jsonResponse(tips.info(c.req.url)))
  app.all('/.well-known/lnurlp/*', (c) => tips.handle(c.req.raw))
  app.all('/lnurlp/*', (c) => tips.handle(c.req.raw))
  // The app's own webhook endpoint: order status from the node's signed events.
  app.route('/hooks', inbox.routes)
  if (wallet) app.route('/api/wallet', walletRoutes({ wallet }))
  app.all('/api/*', () => jsonResponse({ error: 'No such endpoint.' }, 404))
  if (webRoot) {
    const files = staticFiles(webRoot)
    app.get('*', (c) => files(c.req.path))
  }
  return app
}
