import { decodeInvoice } from '@btcfi/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ShopFixture, shopFixture } from './shopFixture.js'

let f: ShopFixture
beforeAll(async () => {
  f = await shopFixture()
})
afterAll(() => f?.close())

describe('checkout in the browser', () => {
  it('an invoice with its QR code, paid from the wallet panel: live status, receipt, balances', async () => {
    const { page } = f
    const before = await f.balances()
    await f.open('#/checkout')
    await page.getByTestId('add-beans').click()
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toContain('$43.00')
    await f.screenshot('checkout-cart')
    await page.getByTestId('checkout').click()
    const bolt11 = (await page.getByTestId('bolt11').textContent())!
    expect(bolt11).toMatch(/^lnbcrt/)
    await page.locator('svg').first().waitFor()
    await expect
      .poll(() => page.getByTestId('countdown').textContent())
      .toMatch(/expires in \d+:\d\d/)
    await f.screenshot('checkout-invoice')

    await page.getByTestId('pay-with-wallet').click()
    expect(await page.getByTestId('wallet-invoice').inputValue()).toBe(bolt11)
    await page.getByTestId('wallet-pay').click()
    await page.getByTestId('receipt').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('order-status').textContent()).toBe('paid')
    await f.screenshot('checkout-paid')

    // $43.00 at $100,000/BTC is 43,000 sat: the merchant has exactly that more, the customer that and a routing fee less.
    const decoded = await f.shop.clients.customer.inspectInvoice({ paymentRequest: bolt11 })
    expect(decoded.amountMsat).toBe(43_000_000n)
    const after = await f.balances()
    expect(after.merchant - before.merchant).toBe(43_000_000n)
    const paid = await f.shop.clients.customer.trackPayment({ paymentHash: decoded.paymentHash })
    expect(before.customer - after.customer).toBe(43_000_000n + paid.feeMsat)
    expect(await page.getByTestId('receipt-amount').textContent()).toBe('43,000 sat')
  })

  it('an invoice that expires unpaid is replaced by a new one, which is paid', async () => {
    const { page } = f
    const before = await f.balances()
    await f.open('#/checkout?expiry=5')
    await page.getByTestId('checkout').click()
    const first = (await page.getByTestId('bolt11').textContent())!
    await page.getByTestId('renew').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('order-status').textContent()).toBe('expired')
    await f.screenshot('checkout-expired')
    const { customer, merchant } = f.shop.clients
    const expired = decodeInvoice(first) // the SDK's own decodeInvoice refuses an expired one
    expect((await merchant.getInvoice({ paymentHash: expired.paymentHash })).state).toBe('CANCELED')

    await page.getByTestId('renew').click()
    await expect.poll(() => page.getByTestId('bolt11').textContent()).not.toBe(first)
    const second = (await page.getByTestId('bolt11').textContent())!
    await page.getByTestId('pay-with-wallet').click()
    await page.getByTestId('wallet-pay').click()
    await page.getByTestId('receipt').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('invoice-count').textContent()).toContain('2 invoices')
    await f.screenshot('checkout-renewed-paid')

    const renewed = await customer.inspectInvoice({ paymentRequest: second })
    const after = await f.balances()
    expect(after.merchant - before.merchant).toBe(renewed.amountMsat)
    expect((await merchant.getInvoice({ paymentHash: renewed.paymentHash })).state).toBe('SETTLED')
  })
})
