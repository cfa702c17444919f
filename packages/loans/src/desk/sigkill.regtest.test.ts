import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Agent, createAgent } from '../agent/createAgent.js'
import { safeDeadlineHeight } from '../terms/lockCltvExpiry.js'
import { clientsOf, keepBalances, ownedMsat } from '../testing/clients.js'
import { shortLock } from '../testing/deskFixture.js'
import { type DeskSupervisor, deskSupervisor } from '../testing/deskSupervisor.js'
import { around } from '../testing/killingStore.js'
import { whenUp } from '../testing/whenUp.js'

// The desk runs in a process of its own on a SQLite file. It is killed with
// SIGKILL just before and just after every write of a loan's life (each write
// logs at least one event; a point names one), one point per run, and started
// again each time on the same file and secret: the loan goes on, and every
// payment (principal, interest, repayment, surplus) happens exactly once.

const net = await getTestNetwork()
const { alice, bob, carol } = clientsOf(net)
const dir = mkdtempSync(join(tmpdir(), 'loans-sigkill-'))
const lock = shortLock

let desk: DeskSupervisor
let agent: Agent
const shared = keepBalances(bob, { borrower: alice, others: [carol] })
beforeAll(async () => {
  await shared.prepare()
  desk = await deskSupervisor(net.node('bob'), dir, { lock })
  agent = createAgent({ client: alice, deskUrl: desk.url, timeoutMs: 5_000, now: desk.now })
})
afterAll(async () => {
  await desk?.close()
  await shared.restore()
  rmSync(dir, { recursive: true, force: true })
})

const balances = async () => ({
  alice: await ownedMsat(alice),
  bob: await ownedMsat(bob),
  carol: await ownedMsat(carol),
})

const DAY = 86_400_000

describe('the desk process is SIGKILLed before and after every write, and started again', () => {
  it('open → lock → principal → interest → top-up → repay → unlock: nothing lost, nothing paid twice', async () => {
    const before = await balances()
    const opening = around('loan.opened', 'lock.issued', 'lock.accepted', 'principal.disbursed')
    await desk.killAt(opening)
    const quote = await whenUp(() => agent.quote({ principal: 50_000n }))
    // Pay later: the principal pays carol's invoice (the same one on every retry).
    // A final CLTV of 24 blocks: what the short lock period leaves the principal's payment.
    const checkout = await carol.createInvoice({
      amountMsat: quote.principalMsat,
      memo: 'order',
      cltvExpiry: 24,
    })
    const opened = await whenUp(() =>
      agent.open({ quote, disbursementInvoice: checkout.paymentRequest }),
    )
    const active = await whenUp(() =>
      agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 60_000 }),
    )
    expect(active.disbursement).toMatchObject({ status: 'SUCCEEDED', amountMsat: 500_000_000n })
    await desk.allKilled()
    expect(desk.kills).toEqual(opening)

    // A day and a half later: a due falls, and the interest is invoiced and paid.
    const interest = around('interest.due', 'interest.invoiced', 'interest.paid')
    await desk.killAt(interest)
    desk.advanceClock(1.5 * DAY)
    const paid = await whenUp(() => agent.payInterest(opened.loan.id))
    expect(paid?.status).toBe('SUCCEEDED')
    await desk.allKilled()
    expect(desk.kills).toEqual(interest)

    const topping = around('topup.requested', 'lock.issued', 'topup.locked')
    await desk.killAt(topping)
    const topUp = await whenUp(() => agent.topUp(opened.loan.id, 10_000n))
    await expect
      .poll(async () => (await agent.status(opened.loan.id)).locks.map((l) => l.state), {
        timeout: 60_000,
      })
      .toEqual(['ACCEPTED', 'ACCEPTED'])
    await desk.allKilled()
    expect(desk.kills).toEqual(topping)

    const repaying = around('repay.invoiced', 'loan.repaid', 'lock.canceled')
    await desk.killAt(repaying)
    const { invoice } = await whenUp(() => agent.repay(opened.loan.id))
    expect(await opened.lock.outcome).toEqual({ status: 'released' })
    expect(await topUp.outcome).toEqual({ status: 'released' })
    await desk.allKilled()
    expect(desk.kills).toEqual(repaying)

    const repaid = await whenUp(() => agent.waitForState(opened.loan.id, ['REPAID']))
    expect(repaid.locks.map((l) => l.state)).toEqual(['CANCELED', 'CANCELED'])
    const events = (await agent.events(opened.loan.id)).map((e) => e.type)
    for (const once of [
      'loan.opened',
      'principal.disbursed',
      'interest.paid',
      'topup.locked',
      'loan.repaid',
    ]) {
      expect(events.filter((t) => t === once)).toHaveLength(1)
    }
    const after = await balances()
    expect(after.carol - before.carol).toBe(500_000_000n) // the principal, once
    // The interest and the repayment, once each.
    expect(after.alice - before.alice).toBe(-paid!.valueMsat - invoice.amountMsat)
    expect(after.bob - before.bob).toBe(paid!.valueMsat + invoice.amountMsat - 500_000_000n)
  })

  it('a rollover driven by mining: nothing lost, the old lock released once the new one holds', async () => {
    const before = await balances()
    const quote = await whenUp(() => agent.quote({ principal: 20_000n }))
    // The agent names an invoice of its own; opened again after the answer was lost, the same one.
    const opening = around('loan.opened')
    await desk.killAt(opening)
    const opened = await whenUp(() => agent.open({ quote }))
    await desk.allKilled()
    expect(desk.kills).toEqual(opening)
    const loan = await whenUp(() =>
      agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 60_000 }),
    )
    const held = loan.locks.find((l) => l.state === 'ACCEPTED')!
    const deadline = safeDeadlineHeight(lock, held.expiryHeight!)
    const rolling = around(
      'rollover.requested',
      'lock.issued',
      'rollover.acked',
      'lock.accepted',
      'rollover.completed', // with the old lock's lock.canceled, in one write
    )
    await desk.killAt(rolling)
    const stop = agent.watch(loan.id, { intervalMs: 200 })
    try {
      const height = (await bob.getInfo()).blockHeight
      await net.mine(deadline - lock.rolloverLeadBlocks - height)
      await desk.allKilled()
      expect(desk.kills).toEqual(rolling)
      await expect
        .poll(
          async () => (await agent.events(loan.id)).some((e) => e.type === 'rollover.completed'),
          { timeout: 60_000 },
        )
        .toBe(true)
    } finally {
      stop()
    }
    expect(await opened.lock.outcome).toEqual({ status: 'released' })
    const rolled = await whenUp(() => agent.status(loan.id))
    expect(rolled.locks.map((l) => [l.purpose, l.state])).toEqual([
      ['initial', 'CANCELED'],
      ['rollover', 'ACCEPTED'],
    ])
    await whenUp(() => agent.repay(loan.id))
    await whenUp(() => agent.waitForState(loan.id, ['REPAID']))
    const after = await balances()
    // The interest of a few seconds is below 1 msat... or a few msat: alice paid exactly what bob got.
    expect(after.alice - before.alice).toBe(-(after.bob - before.bob))
    expect(after.carol).toBe(before.carol)
    expect(before.alice - after.alice).toBeLessThan(1_000n)
  })

  it('price crash → liquidation → surplus: nothing lost, nothing paid twice', async () => {
    desk.setPrice(10_000_000n)
    const before = await balances()
    const quote = await whenUp(() => agent.quote({ principal: 50_000n }))
    const opened = await whenUp(() => agent.open({ quote }))
    await whenUp(() => agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 60_000 }))
    const steps = around(
      'liquidation.started',
      'lock.settled',
      'surplus.sent',
      'surplus.paid',
      'loan.liquidated',
    )
    await desk.killAt(steps)
    desk.setPrice(5_500_000n) // $55,000: LTV 91% ≥ 90%
    const done = await whenUp(() =>
      agent.waitForState(opened.loan.id, ['LIQUIDATED'], { timeoutMs: 60_000 }),
    )
    await desk.allKilled()
    expect(desk.kills).toEqual(steps)
    expect(await opened.lock.outcome).toMatchObject({ status: 'settled' })
    const keep = done.liquidation!.keepSat
    expect(done.liquidation).toMatchObject({
      collateralSat: 1_000_000n,
      surplusSat: 1_000_000n - keep,
    })
    expect(await whenUp(() => agent.checkSurplus(opened.loan.id))).toMatchObject({ ok: true })
    const after = await balances()
    // alice: + principal − collateral + surplus; bob the other way.
    const alice = 500_000_000n - keep * 1_000n
    expect(after.alice - before.alice).toBe(alice)
    expect(after.bob - before.bob).toBe(-alice)
  })
})
