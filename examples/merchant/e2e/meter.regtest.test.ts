import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ShopFixture, shopFixture } from './shopFixture.js'

let f: ShopFixture
beforeAll(async () => {
  f = await shopFixture()
})
afterAll(() => f?.close())

interface Session {
  status: string
  receivedMsat: string
  receipts: { seq: number; totalMsat: string; receipt: string; signature: string }[]
}

describe('pay per minute in the browser', () => {
  it('a stream from the wallet runs the service with signed receipts; stopping it stops the service', async () => {
    const { page } = f
    const { customer, merchant } = f.shop.clients
    const before = await f.balances()
    await f.open('#/meter')
    await page.getByTestId('meter-start').click()
    await expect
      .poll(() => page.getByTestId('meter-status').textContent(), { timeout: 20_000 })
      .toContain('Desk unlocked')
    await expect
      .poll(() => page.getByTestId('meter-receipts').locator('tbody tr').count(), {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(4)
    await f.screenshot('meter-running')

    await page.getByTestId('meter-stop').click()
    await expect
      .poll(() => page.getByTestId('meter-status').textContent(), { timeout: 30_000 })
      .toContain('Desk locked')
    await f.screenshot('meter-stopped')

    // What the page says arrived is what the merchant's node gained; the customer paid it plus routing fees.
    const sessions = await page.evaluate(async () => {
      const summary = await (await fetch('/api/admin/summary')).json()
      return summary.sessions as Session[]
    })
    const session = sessions.at(-1)!
    expect(session.status).toBe('STOPPED')
    const received = BigInt(session.receivedMsat)
    expect(received).toBeGreaterThanOrEqual(4_000n)
    const after = await f.balances()
    expect(after.merchant - before.merchant).toBe(received)
    expect(before.customer - after.customer).toBeGreaterThanOrEqual(received)

    // The latest receipt is signed by the merchant's node key and covers the stream's total.
    const latest = session.receipts[0]!
    expect(BigInt(latest.totalMsat)).toBe(received)
    const verified = await customer.verifyMessage({
      message: latest.receipt,
      signature: latest.signature,
    })
    expect(verified.valid).toBe(true)
    expect(verified.pubkey).toBe((await merchant.getInfo()).pubkey)
  })
})
