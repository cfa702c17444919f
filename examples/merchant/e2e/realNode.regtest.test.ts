import { lnd } from '@btcfi/lnd'
import { getTestNetwork, type NodeHandle } from '@btcfi/regtest/vitest'
import { createLightningClient } from '@btcfi/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPriceFeed } from '../server/pricefeed/startPriceFeed.js'
import { startShop } from '../server/stack/startShop.js'

const net = await getTestNetwork()
const clientOf = (node: NodeHandle, macaroon: 'admin' | 'invoice' = 'admin') =>
  createLightningClient({
    backend: lnd({ url: node.restUrl, macaroon: node.macaroons[macaroon], cert: node.tlsCert }),
  })
const merchant = clientOf(net.node('carol'))
const customer = clientOf(net.node('alice'))
const feed = await startPriceFeed({ centsPerBtc: 10_000_000n })
let shop: Awaited<ReturnType<typeof startShop>>
beforeAll(async () => {
  shop = await startShop({ merchant, port: 0, sources: feed.sources })
})
afterAll(async () => {
  await shop?.close()
  await feed.close()
})

const post = async (path: string, body: unknown) =>
  (await fetch(`${shop.url}/api${path}`, { method: 'POST', body: JSON.stringify(body) })).json()

describe('the shop alone, as on a real node', () => {
  it('offers no wallet, bills an order, and sees a payment from another wallet', async () => {
    expect(await (await fetch(`${shop.url}/api/config`)).json()).toEqual({ wallet: false })
    expect((await fetch(`${shop.url}/api/wallet`)).status).toBe(404)
    const order = await post('/orders', { cart: { espresso: 1 } })
    expect(order).toMatchObject({ amountMsat: '3500000', status: 'AWAITING_PAYMENT' })
    await customer.payInvoice({ paymentRequest: order.invoices[0].paymentRequest })
    await expect
      .poll(async () => (await (await fetch(`${shop.url}/api/orders/${order.id}`)).json()).status)
      .toBe('PAID')
    // ... through the app's own webhook endpoint, verified.
    const { webhooks } = await (await fetch(`${shop.url}/api/admin/summary`)).json()
    expect(webhooks.recent).toContainEqual(
      expect.objectContaining({ type: 'invoice.settled', orderId: order.id }),
    )
    const csv = await (await fetch(`${shop.url}/api/admin/orders.csv`)).text()
    expect(csv).toContain(`${order.id},`)
    expect(csv).toContain(',SETTLED,')
    // Pay it back: the shared network keeps its balances.
    const refund = await customer.createInvoice({ amountMsat: 3_500_000n, memo: 'refund' })
    await merchant.payInvoice({ paymentRequest: refund.paymentRequest })
  })

  it('on the invoice macaroon, which cannot read payments, the webhooks still pay the order', async () => {
    const lines: string[] = []
    const alone = await startShop({
      merchant: clientOf(net.node('carol'), 'invoice'),
      port: 0,
      sources: feed.sources,
      onProgress: (line) => lines.push(line),
    })
    try {
      // The sender tells invoice.settled only: it reads no payments, so it starts here too.
      expect(lines.join('\n')).not.toMatch(/webhooks: not started/)
      expect(lines).toContain(`lightning address: shop@${new URL(alone.url).host}`)
      const order = await (
        await fetch(`${alone.url}/api/orders`, {
          method: 'POST',
          body: JSON.stringify({ cart: { espresso: 1 } }),
        })
      ).json()
      await customer.payInvoice({ paymentRequest: order.invoices[0].paymentRequest })
      await expect
        .poll(
          async () => (await (await fetch(`${alone.url}/api/orders/${order.id}`)).json()).status,
        )
        .toBe('PAID')
      // No invoice watcher runs here (the sender started): only the webhook endpoint
      // can have turned the order PAID. (The admin summary needs offchain:read.)
      const refund = await customer.createInvoice({ amountMsat: 3_500_000n, memo: 'refund' })
      await merchant.payInvoice({ paymentRequest: refund.paymentRequest })
    } finally {
      await alone.close()
    }
  })
})
