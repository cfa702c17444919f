import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ShopFixture, shopFixture } from './shopFixture.js'

let f: ShopFixture
beforeAll(async () => {
  f = await shopFixture()
})
afterAll(() => f?.close())

describe('pay later in the browser', () => {
  it('quote → collateral held → the desk pays the shop → repay → collateral released', async () => {
    const { page } = f
    const { customer } = f.shop.clients
    const before = await f.balances()
    await f.open('#/pay-later')
    await page.getByTestId('quote').click()
    // $25.00 at $100,000/BTC and 50% LTV: 50,000 sat of collateral.
    await expect
      .poll(() => page.getByTestId('quote-collateral').textContent())
      .toContain('50,000 sat')
    await f.screenshot('pay-later-quote')
    await page.getByTestId('accept').click()
    await expect
      .poll(() => page.getByTestId('loan-state').textContent(), { timeout: 30_000 })
      .toBe('ACTIVE')
    await page.getByTestId('receipt').waitFor({ timeout: 20_000 })
    await expect.poll(() => page.getByTestId('ltv-value').textContent()).toContain('50.')

    // The collateral is an HTLC held in the customer's channel; the shop has the principal.
    const lenderKey = (await f.shop.clients.lender.getInfo()).pubkey
    const [channel] = (await customer.listChannels()).filter((c) => c.remotePubkey === lenderKey)
    expect(channel!.pendingHtlcs).toEqual([expect.objectContaining({ amountSat: 50_000n })])
    await f.screenshot('pay-later-active')

    await page.getByTestId('repay').click()
    await page.getByTestId('repaid').waitFor({ timeout: 30_000 })
    await expect.poll(() => page.getByTestId('lock-state').textContent()).toContain('released')
    await f.screenshot('pay-later-repaid')

    const after = await f.balances()
    expect(after.merchant - before.merchant).toBe(25_000_000n)
    // The customer paid the principal and a few msat of interest to the desk; nothing else moved.
    const interest = after.lender - before.lender
    expect(interest).toBeGreaterThanOrEqual(0n)
    expect(interest).toBeLessThan(1_000_000n)
    expect(before.customer - after.customer).toBe(25_000_000n + interest)
  })
})
