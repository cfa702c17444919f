import { escrowClient, liquidationSplit } from '@btcfi/loans'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ShopFixture, shopFixture } from './shopFixture.js'

// Protocol v2, as the demo runs it: the desk liquidates only once the escrow
// agent (a process of its own, judging on its own oracle over the same price
// feed) releases the lock's preimage.
let f: ShopFixture
beforeAll(async () => {
  f = await shopFixture({ escrow: true })
})
afterAll(() => f?.close())

describe('a price crash in the browser', () => {
  it('the admin moves the price: margin call at 80% LTV, liquidation at 90% released by the escrow agent, the surplus paid back', async () => {
    const { page } = f
    const before = await f.balances()
    await f.open('#/pay-later')
    await page.getByTestId('quote').click()
    await page.getByTestId('accept').click()
    await expect
      .poll(() => page.getByTestId('loan-state').textContent(), { timeout: 30_000 })
      .toBe('ACTIVE')
    const loanUrl = page.url()

    // $60,000: $25 on 50,000 sat is an LTV of 83.33%.
    await f.open('#/admin')
    await page.getByTestId('price-60000').click()
    await expect.poll(() => page.getByTestId('price').textContent()).toBe('$60,000.00')
    await expect
      .poll(() => page.getByTestId('loans').locator('tbody tr').first().textContent(), {
        timeout: 20_000,
      })
      .toContain('⚠️')
    await f.screenshot('admin-margin-call')
    await page.goto(loanUrl)
    await page.reload()
    await page.getByTestId('margin-call').waitFor({ timeout: 20_000 })
    await expect.poll(() => page.getByTestId('ltv').getAttribute('data-level')).toBe('margin')
    // v2 takes no top-ups: the call asks for a repayment alone.
    expect(await page.getByTestId('margin-call').textContent()).not.toContain('add collateral')
    expect(await page.getByTestId('escrow-state').textContent()).toContain('has released nothing')
    await f.screenshot('pay-later-margin-call')

    // $55,000: 90.9%, past the liquidation line.
    await f.open('#/admin')
    await page.getByTestId('price-55000').click()
    await page.goto(loanUrl)
    await page.reload()
    await expect
      .poll(() => page.getByTestId('loan-state').textContent(), { timeout: 30_000 })
      .toBe('LIQUIDATED')
    await expect
      .poll(() => page.getByTestId('liquidation').textContent(), { timeout: 20_000 })
      .toContain('received')
    // The agent released the preimage on its own price, and the page says so.
    await expect
      .poll(() => page.getByTestId('escrow-state').textContent(), { timeout: 10_000 })
      .toContain('released the preimage to the desk')
    expect(await page.getByTestId('escrow-state').textContent()).toContain('liquidation line')
    await f.screenshot('pay-later-liquidated')

    // The desk kept the debt and the 5% penalty at $55,000 and paid the rest back, to the sat.
    const split = liquidationSplit({
      collateralSat: 50_000n,
      principal: 2_500n,
      currency: 'USD',
      arrearsMsat: 0n,
      centsPerBtc: 5_500_000n,
      penaltyBps: 500n,
    })
    const after = await f.balances()
    const loanId = new URL(loanUrl.replace('#/pay-later', '')).searchParams.get('loan')!
    const loan = await page.evaluate(
      async (id) =>
        (await (await fetch(`/api/wallet/loans/${id}`)).json()) as {
          loan: { liquidation: { surplusSat: string; keepSat: string } }
          surplus: { receivedMsat: string }
        },
      loanId,
    )
    // Interest of a few seconds may add to the debt: within a sat of the split without it.
    const surplusSat = BigInt(loan.loan.liquidation.surplusSat)
    expect(surplusSat).toBeLessThanOrEqual(split.surplusSat)
    expect(surplusSat).toBeGreaterThanOrEqual(split.surplusSat - 1n)
    expect(BigInt(loan.surplus.receivedMsat)).toBe(surplusSat * 1_000n)
    expect(after.merchant - before.merchant).toBe(25_000_000n)
    expect(before.customer - after.customer).toBe((50_000n - surplusSat) * 1_000n)
    expect(after.lender - before.lender).toBe((50_000n - surplusSat) * 1_000n - 25_000_000n)
    const [record] = await f.shop.loans.store.listLoans()
    const settled = record!.locks.find((l) => l.state === 'SETTLED')!
    const status = await escrowClient({ url: f.shop.escrow!.url }).status(settled.paymentHash)
    expect(status.released?.ground).toBe('liquidation')

    await f.open('#/admin')
    await expect
      .poll(() => page.getByTestId('loans').locator('tbody tr').first().textContent())
      .toContain('LIQUIDATED')
    expect(
      await page.getByTestId('loans').getByTestId('loan-protocol').first().textContent(),
    ).toContain('v2, agent')
    await f.screenshot('admin')
    await page.getByTestId('price-100000').click()
  })
})
