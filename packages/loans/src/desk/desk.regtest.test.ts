import { getTestNetwork } from '@btcfi/regtest/vitest'
import { describe, expect, it } from 'vitest'
import { accrueInterest } from '../money/accrueInterest.js'
import { liquidationSplit } from '../money/liquidationSplit.js'
import { deskTestBed } from '../testing/deskTestBed.js'

const net = await getTestNetwork()
const bed = deskTestBed(net)
const { alice, carol, balances } = bed
const DAY = 86_400_000

describe('a loan on regtest (bob lends, alice borrows, carol sells)', () => {
  it('quote → open → lock → principal to a merchant → interest → repay → collateral unlocked', async () => {
    const before = await balances()
    const quote = await bed.f.agent.quote({ principal: 50_000n }) // $500 at $100,000/BTC
    expect(quote).toMatchObject({
      collateralSat: 1_000_000n,
      principalMsat: 500_000_000n,
      centsPerBtc: 10_000_000n,
    })
    // Pay later: the principal pays carol's checkout invoice.
    const checkout = await carol.createInvoice({
      amountMsat: quote.principalMsat,
      memo: 'checkout',
    })
    const opened = await bed.f.agent.open({ quote, disbursementInvoice: checkout.paymentRequest })
    expect(opened.loan.state).toBe('AWAITING_LOCK')
    const loan = await bed.f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    expect(loan.locks[0]).toMatchObject({ state: 'ACCEPTED', amountSat: 1_000_000n })
    expect(loan.disbursement).toMatchObject({
      status: 'SUCCEEDED',
      amountMsat: 500_000_000n,
      feeMsat: 0n,
    })
    // The collateral is held: alice's payment is in flight, pending, not failed.
    let ended = false
    opened.lock.outcome.then(() => {
      ended = true
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(ended).toBe(false)
    const [channel] = (await alice.listChannels()).filter(
      (c) => c.remotePubkey === net.node('bob').pubkey,
    )
    expect(channel!.pendingHtlcs).toEqual([
      expect.objectContaining({ amountSat: 1_000_000n, hashLock: opened.lock.paymentHash }),
    ])
    await expect
      .poll(() => carol.getInvoice({ paymentHash: checkout.paymentHash }).then((i) => i.state))
      .toBe('SETTLED')

    // Ten days of 12% on $500 at $100,000/BTC: 50_000 × 1200 × 10 d / (10_000 × 365 d) cents = 1_643_835 msat.
    bed.f.clock.advance(10 * DAY)
    const expectedInterest = accrueInterest({
      principal: 50_000n,
      currency: 'USD',
      aprBps: 1_200n,
      elapsedMs: BigInt(10 * DAY),
      centsPerBtc: 10_000_000n,
      carry: 0n,
    }).msat
    expect(expectedInterest).toBe(1_643_835n)
    const interest = await bed.f.agent.payInterest(loan.id)
    expect(interest?.valueMsat).toBe(expectedInterest)
    await expect
      .poll(async () => (await bed.f.agent.status(loan.id)).interest.paidMsat)
      .toBe(expectedInterest)
    await bed.f.running.desk.tick() // nothing overdue, LTV 50%: nothing happens
    expect((await bed.f.agent.status(loan.id)).state).toBe('ACTIVE')

    const { invoice, payment } = await bed.f.agent.repay(loan.id)
    expect(invoice.amountMsat).toBe(500_000_000n) // principal at $100,000, no interest left
    expect(payment.status).toBe('SUCCEEDED')
    expect(await opened.lock.outcome).toEqual({ status: 'released' })
    const repaid = await bed.f.agent.waitForState(loan.id, ['REPAID'])
    expect(repaid.locks.map((l) => l.state)).toEqual(['CANCELED'])

    const after = await balances()
    expect(after.alice - before.alice).toBe(-(500_000_000n + 1_643_835n))
    expect(after.bob - before.bob).toBe(1_643_835n)
    expect(after.carol - before.carol).toBe(500_000_000n)
    const types = (await bed.f.agent.events(loan.id)).map((e) => e.type)
    expect(types).toEqual([
      'loan.opened',
      'lock.issued',
      'lock.accepted',
      'principal.sending',
      'principal.disbursed',
      ...Array(10).fill('interest.due'),
      'interest.invoiced',
      'interest.paid',
      'repay.invoiced',
      'loan.repaid',
      'lock.canceled',
    ])
    expect(bed.f.errors).toEqual([])
  })

  it('price crash: margin call at 80%, liquidation at 90%, the surplus back to the sat', async () => {
    bed.f.oracle.set(10_000_000n)
    const before = await balances()
    const quote = await bed.f.agent.quote({ principal: 50_000n })
    const opened = await bed.f.agent.open({ quote }) // the principal to alice's own invoice
    const loan = await bed.f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })

    bed.f.oracle.set(6_000_000n) // $60,000: LTV 83.3%
    await bed.f.running.desk.tick()
    const called = await bed.f.agent.status(loan.id)
    expect(called.marginCall).toMatchObject({ ltvBps: 8_333n })
    expect(called.state).toBe('ACTIVE')

    bed.f.oracle.set(5_500_000n) // $55,000: LTV 90.9%
    await bed.f.running.desk.tick()
    const liquidated = await bed.f.agent.waitForState(loan.id, ['LIQUIDATED'])
    // owed $525 (debt + 5%) at $55,000 = 954,545.45… sat → the desk keeps 954,546, returns 45,454
    expect(liquidated.liquidation).toMatchObject({
      reason: 'ltv',
      collateralSat: 1_000_000n,
      keepSat: 954_546n,
      surplusSat: 45_454n,
      shortfallMsat: 0n,
      surplusStatus: 'SUCCEEDED',
    })
    expect(await opened.lock.outcome).toMatchObject({ status: 'settled' })
    expect(await bed.f.agent.checkSurplus(loan.id)).toMatchObject({
      expectedSat: 45_454n,
      receivedMsat: 45_454_000n,
      ok: true,
    })
    const after = await balances()
    // alice: +500,000 sat principal, −1,000,000 collateral, +45,454 surplus
    expect(after.alice - before.alice).toBe(500_000_000n - 1_000_000_000n + 45_454_000n)
    expect(after.bob - before.bob).toBe(-500_000_000n + 1_000_000_000n - 45_454_000n)
    expect(bed.f.errors).toEqual([])
  })

  it('disbursement failure: the lock is canceled and the collateral goes back', async () => {
    bed.f.oracle.set(10_000_000n)
    const before = await balances()
    const quote = await bed.f.agent.quote({ principal: 50_000n })
    // carol's invoice is canceled before the desk pays it
    const checkout = await carol.createInvoice({ amountMsat: quote.principalMsat, memo: 'gone' })
    await carol.cancelHoldInvoice({ paymentHash: checkout.paymentHash })
    const opened = await bed.f.agent.open({ quote, disbursementInvoice: checkout.paymentRequest })
    expect(await opened.lock.outcome).toEqual({ status: 'released' })
    const canceled = await bed.f.agent.waitForState(opened.loan.id, ['CANCELED'])
    expect(canceled.disbursement).toMatchObject({ status: 'FAILED' })
    expect(canceled.locks.map((l) => l.state)).toEqual(['CANCELED'])
    expect(canceled.cancelReason).toMatch(/INCORRECT_PAYMENT_DETAILS/)
    const after = await balances()
    expect(after).toEqual(before)
  })
  it('margin call → top-up with a second lock → margin cleared → repay at the new price releases both', async () => {
    bed.f.oracle.set(10_000_000n)
    const before = await balances()
    const quote = await bed.f.agent.quote({ principal: 50_000n })
    const opened = await bed.f.agent.open({ quote })
    const loan = await bed.f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    bed.f.oracle.set(6_000_000n) // $60,000: LTV 83.3%
    await bed.f.running.desk.tick()
    expect((await bed.f.agent.status(loan.id)).marginCall).toMatchObject({ ltvBps: 8_333n })

    const topUp = await bed.f.agent.topUp(loan.id, 500_000n)
    await expect
      .poll(async () => (await bed.f.agent.status(loan.id)).collateralSat, { timeout: 20_000 })
      .toBe(1_500_000n)
    await bed.f.running.desk.tick() // $500 on 1,500,000 sat at $60,000: LTV 55.5%
    const cleared = await bed.f.agent.status(loan.id)
    expect(cleared.marginCall).toBeUndefined()
    const types = (await bed.f.agent.events(loan.id)).map((e) => e.type)
    expect(types).toEqual(
      expect.arrayContaining(['margin.call', 'topup.requested', 'topup.locked', 'margin.cleared']),
    )

    // The debt is in dollars: at $60,000 it takes more sat to repay ($500 = 833,333.334 sat).
    const { invoice } = await bed.f.agent.repay(loan.id)
    expect(invoice.amountMsat).toBe(833_333_334n)
    expect(await opened.lock.outcome).toEqual({ status: 'released' })
    expect(await topUp.outcome).toEqual({ status: 'released' })
    const repaid = await bed.f.agent.waitForState(loan.id, ['REPAID'])
    expect(repaid.locks.map((l) => [l.purpose, l.state])).toEqual([
      ['initial', 'CANCELED'],
      ['top-up', 'CANCELED'],
    ])
    const after = await balances()
    expect(after.alice - before.alice).toBe(500_000_000n - 833_333_334n)
    expect(after.bob - before.bob).toBe(-500_000_000n + 833_333_334n)
    expect(bed.f.errors).toEqual([])
  })
  it('interest unpaid past the grace period is a default: settled with the arrears and the penalty', async () => {
    bed.f.oracle.set(10_000_000n)
    const before = await balances()
    const quote = await bed.f.agent.quote({ principal: 50_000n })
    const opened = await bed.f.agent.open({ quote })
    const loan = await bed.f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    // A millisecond short of two days: the first day's interest is due, still within its day of grace.
    bed.f.clock.advance(2 * DAY - 1)
    await bed.f.running.desk.tick()
    expect((await bed.f.agent.status(loan.id)).state).toBe('ACTIVE')
    // A day after it fell due: default.
    bed.f.clock.advance(1)
    await bed.f.running.desk.tick()
    const done = await bed.f.agent.waitForState(loan.id, ['LIQUIDATED'])
    const arrears = accrueInterest({
      principal: 50_000n,
      currency: 'USD',
      aprBps: 1_200n,
      elapsedMs: BigInt(2 * DAY),
      centsPerBtc: 10_000_000n,
      carry: 0n,
    }).msat
    expect(arrears).toBe(328_767n)
    const split = liquidationSplit({
      collateralSat: 1_000_000n,
      principal: 50_000n,
      currency: 'USD',
      arrearsMsat: arrears,
      centsPerBtc: 10_000_000n,
      penaltyBps: 500n,
    })
    // ($500 + 2 days of 12%) × 1.05 at $100,000: 525,345.2… sat → keep 525,346
    expect(split.keepSat).toBe(525_346n)
    expect(done.liquidation).toMatchObject({
      reason: 'interest-default',
      keepSat: split.keepSat,
      surplusSat: 1_000_000n - split.keepSat,
      surplusStatus: 'SUCCEEDED',
    })
    expect(await bed.f.agent.checkSurplus(loan.id)).toMatchObject({ ok: true })
    const after = await balances()
    expect(after.alice - before.alice).toBe(500_000_000n - split.keepSat * 1_000n)
    expect(bed.f.errors).toEqual([])
  })
  it('unpaid at the end of the term is a default, even with the interest paid', async () => {
    bed.f.oracle.set(10_000_000n)
    const before = await balances()
    const quote = await bed.f.agent.quote({ principal: 50_000n })
    const opened = await bed.f.agent.open({ quote })
    const loan = await bed.f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    bed.f.clock.advance(30 * DAY - 1)
    const interest = await bed.f.agent.payInterest(loan.id)
    await expect.poll(async () => (await bed.f.agent.status(loan.id)).interest.arrearsMsat).toBe(0n)
    await bed.f.running.desk.tick()
    expect((await bed.f.agent.status(loan.id)).state).toBe('ACTIVE')
    bed.f.clock.advance(1) // the term's last millisecond
    await bed.f.running.desk.tick()
    const done = await bed.f.agent.waitForState(loan.id, ['LIQUIDATED'])
    // arrears: the last millisecond's interest rounds to 0 msat; owed $525 at $100,000 = 525,000 sat
    expect(done.liquidation).toMatchObject({
      reason: 'maturity',
      keepSat: 525_000n,
      surplusSat: 475_000n,
    })
    expect(await bed.f.agent.checkSurplus(loan.id)).toMatchObject({ ok: true })
    const after = await balances()
    expect(after.alice - before.alice).toBe(500_000_000n - 525_000_000n - interest!.valueMsat)
    expect(bed.f.errors).toEqual([])
  })
})
