import { escrowClient } from '@btcfi/loans'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ShopFixture, shopFixture } from './shopFixture.js'

// Pay later as the demo runs it: protocol v2, an escrow agent in a process of
// its own holding the collateral lock's preimage.
let f: ShopFixture
beforeAll(async () => {
  f = await shopFixture({ escrow: true })
})
afterAll(() => f?.close())

describe('pay later in the browser', () => {
  it('quote → collateral held, its preimage with the escrow agent → the desk pays the shop → repay → collateral released', async () => {
    const { page } = f
    const { customer } = f.shop.clients
    const agent = f.shop.escrow!
    // The agent is a process of its own.
    expect(agent.pid).not.toBe(process.pid)
    expect(() => process.kill(agent.pid, 0)).not.toThrow()
    const before = await f.balances()
    await f.open('#/pay-later')
    await page.getByTestId('quote').click()
    // $25.00 at $100,000/BTC and 50% LTV: 50,000 sat of collateral.
    await expect
      .poll(() => page.getByTestId('quote-collateral').textContent())
      .toContain('50,000 sat')
    expect(await page.getByTestId('quote-protocol').textContent()).toContain('v2: escrow agent')
    await f.screenshot('pay-later-quote')
    await page.getByTestId('accept').click()
    await expect
      .poll(() => page.getByTestId('loan-state').textContent(), { timeout: 30_000 })
      .toBe('ACTIVE')
    await page.getByTestId('receipt').waitFor({ timeout: 20_000 })
    await expect.poll(() => page.getByTestId('ltv-value').textContent()).toContain('50.')

    // The page names the protocol and the agent, which holds the lock's preimage and released nothing.
    const protocol = page.getByTestId('loan-protocol')
    expect(await protocol.getAttribute('data-protocol')).toBe('btcfi-loan/2')
    expect(await page.getByTestId('escrow-agent').getAttribute('title')).toBe(agent.pubkey)
    await expect
      .poll(() => page.getByTestId('escrow-state').textContent())
      .toContain('has released nothing')

    // The collateral is an HTLC held in the customer's channel, for the hash whose preimage the agent holds.
    const lenderKey = (await f.shop.clients.lender.getInfo()).pubkey
    const [channel] = (await customer.listChannels()).filter((c) => c.remotePubkey === lenderKey)
    expect(channel!.pendingHtlcs).toEqual([expect.objectContaining({ amountSat: 50_000n })])
    const [loan] = await f.shop.loans.store.listLoans()
    const lock = loan!.locks.find((l) => l.state === 'ACCEPTED')!
    const held = await escrowClient({ url: agent.url }).status(lock.paymentHash)
    expect(held.hold).toMatchObject({ loanId: loan!.id, collateralSat: 50_000n })
    expect(held.released).toBeUndefined()
    await f.screenshot('pay-later-active')

    await page.getByTestId('repay').click()
    await page.getByTestId('repaid').waitFor({ timeout: 30_000 })
    await expect.poll(() => page.getByTestId('lock-state').textContent()).toContain('released')
    expect(await page.getByTestId('escrow-state').textContent()).toContain('has released nothing')
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
