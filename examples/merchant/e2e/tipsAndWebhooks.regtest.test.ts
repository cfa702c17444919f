import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ShopFixture, shopFixture } from './shopFixture.js'

let f: ShopFixture
beforeAll(async () => {
  f = await shopFixture()
})
afterAll(async () => {
  await f?.close()
  // The webhook outbox is a file of the run: gone once the shop stops.
  if (f) expect(existsSync(f.shop.webhooks.dir)).toBe(false)
})

interface HistoryEntry {
  id: string
  kind: string
  deltaMsat: string
  paymentHash?: string
  state?: string
  purpose?: string
}

async function getJson<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${f.shop.url}${path}`, init)
  expect(response.ok, `${path}: HTTP ${response.status}`).toBe(true)
  return (await response.json()) as T
}

/** The merchant node's whole history, read through the admin API a page at a time. */
async function wholeHistory(): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = []
  let cursor = ''
  for (;;) {
    const page = await getJson<{ entries: HistoryEntry[]; cursor: string; hasMore: boolean }>(
      `/api/admin/history?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
    )
    entries.push(...page.entries)
    cursor = page.cursor
    if (!page.hasMore) return entries
  }
}

/** The tip's payment hash, from the first test to the browser's. */
let tipHash = ''
const TIP_MSAT = 21_000_000n

describe("the shop's Lightning Address", () => {
  it('alice tips shop@127.0.0.1:<port>: carol gets the exact amount, and the admin history shows it', async () => {
    const address = f.shop.lightningAddress
    expect(address).toBe(`shop@${new URL(f.shop.url).host}`)
    const info = await getJson<{ address: string; lnurl: string; url: string }>('/api/tips')
    expect(info.address).toBe(address)
    expect(info.url).toBe(`${f.shop.url}/.well-known/lnurlp/shop`)
    expect(info.lnurl).toMatch(/^LNURL1[0-9A-Z]+$/)

    const before = await f.balances()
    const { payment, successAction } = await f.shop.clients.customer.payLightningAddress({
      address,
      // The shop is on loopback: a wallet refuses local hosts unless told (this is regtest).
      allowLocalHosts: true,
      amountMsat: TIP_MSAT,
      comment: 'for the beans',
    })
    expect(payment.status).toBe('SUCCEEDED')
    expect(successAction).toMatchObject({
      tag: 'message',
      message: 'Thank you! The roaster says hi.',
    })
    tipHash = payment.paymentHash
    const after = await f.balances()
    expect(after.merchant - before.merchant).toBe(TIP_MSAT)
    expect(before.customer - after.customer).toBe(TIP_MSAT + payment.feeMsat)

    // The node's history, through the admin API: the tip's invoice, settled, for exactly 21,000 sat.
    await expect
      .poll(async () => (await wholeHistory()).find((e) => e.paymentHash === tipHash), {
        timeout: 10_000,
      })
      .toMatchObject({
        kind: 'invoice',
        deltaMsat: TIP_MSAT.toString(),
        state: 'SETTLED',
        purpose: 'tip: for the beans',
      })
    // ... and the revenue, as a tip.
    await expect
      .poll(async () => {
        const summary = await getJson<{
          revenue: { kind: string; paymentHash: string; amountMsat: string }[]
        }>('/api/admin/summary')
        return summary.revenue.find((r) => r.paymentHash === tipHash)
      })
      .toMatchObject({ kind: 'tip', amountMsat: TIP_MSAT.toString() })
    // A cursor the SDK did not write is refused.
    expect((await fetch(`${f.shop.url}/api/admin/history?cursor=nope`)).status).toBe(400)
  })
})

describe('order status from webhooks', () => {
  it("a checkout's order turns PAID when the app's endpoint receives the verified invoice.settled", async () => {
    const created = await getJson<{
      id: string
      invoices: { paymentRequest: string; paymentHash: string }[]
    }>('/api/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cart: { espresso: 2 } }),
    })
    const [invoice] = created.invoices
    const order = () =>
      getJson<{ status: string; receipt?: { preimage?: string } }>(`/api/orders/${created.id}`)
    expect((await order()).status).toBe('AWAITING_PAYMENT')

    // A forged delivery (no valid signature) changes nothing.
    const forged = await fetch(`${f.shop.url}/hooks/lightning`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'evt_invoice_settled_999999',
        'webhook-timestamp': String(Math.floor(Date.now() / 1_000)),
        'webhook-signature': 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      },
      body: JSON.stringify({
        type: 'invoice.settled',
        timestamp: new Date().toISOString(),
        data: { paymentHash: invoice!.paymentHash },
      }),
    })
    expect(forged.status).toBe(401)
    expect((await order()).status).toBe('AWAITING_PAYMENT')

    const paid = await f.shop.clients.customer.payInvoice({
      paymentRequest: invoice!.paymentRequest,
    })
    await expect.poll(async () => (await order()).status, { timeout: 20_000 }).toBe('PAID')
    expect((await order()).receipt?.preimage).toBe(paid.preimage)

    const { webhooks } = await getJson<{
      webhooks: {
        verified: number
        rejected: number
        duplicates: number
        recent: { id: string; type: string; paymentHash?: string; orderId?: string }[]
      }
    }>('/api/admin/summary')
    const told = webhooks.recent.filter((w) => w.paymentHash === invoice!.paymentHash)
    expect(told).toEqual([
      expect.objectContaining({
        type: 'invoice.settled',
        orderId: created.id,
        id: expect.stringMatching(/^evt_invoice_settled_\d+$/),
      }),
    ])
    expect(webhooks.rejected).toBe(1)
    // The tip's settlement came through the endpoint too (no order of it).
    expect(webhooks.recent.find((w) => w.paymentHash === tipHash)).toMatchObject({
      type: 'invoice.settled',
    })
    expect(f.shop.webhooks.inbox.summary().verified).toBe(webhooks.verified)
  })
})

describe('the admin page', () => {
  it('shows the tip panel on checkout, and the webhooks and the node history on the admin page', async () => {
    const { page } = f
    await f.open('#/checkout')
    await page.getByTestId('tip-panel').waitFor()
    expect(await page.getByTestId('tip-address').textContent()).toBe(f.shop.lightningAddress)
    expect(await page.getByTestId('tip-lnurl').textContent()).toMatch(/^LNURL1/)
    await f.screenshot('checkout-tip')

    // Two entries a page, so that "More" reads on from the cursor.
    await f.open('#/admin?history=2')
    await page.getByTestId('history').waitFor()
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(2)
    const more = page.getByTestId('history-more')
    let pages = 1
    while (await more.isVisible()) {
      const shown = await page.getByTestId('history-row').count()
      await more.click()
      await expect.poll(() => page.getByTestId('history-row').count()).toBeGreaterThan(shown)
      pages++
    }
    expect(pages).toBeGreaterThan(1)
    // Every entry of the node, each once, in the order the admin API gives them.
    const ids = await page
      .getByTestId('history-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')))
    expect(ids).toEqual((await wholeHistory()).map((e) => e.id))
    const tip = page.locator(`[data-testid="history-row"][data-hash="${tipHash}"]`)
    expect(await tip.getByTestId('history-delta').textContent()).toBe('+21,000 sat')
    expect(await tip.textContent()).toContain('tip: for the beans')
    expect(await tip.locator('td').first().textContent()).toBe('invoice')
    expect(
      Number(await page.getByTestId('webhooks-verified').textContent()),
    ).toBeGreaterThanOrEqual(2)
    await tip.scrollIntoViewIfNeeded()
    await f.screenshot('admin-history')
  })
})
