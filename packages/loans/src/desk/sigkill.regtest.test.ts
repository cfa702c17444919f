import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Agent, createAgent } from '../agent/createAgent.js'
import { isLoanError } from '../errors/LoanError.js'
import { clientsOf, keepBalances, ownedMsat } from '../testing/clients.js'
import { type DeskSupervisor, deskSupervisor } from '../testing/deskSupervisor.js'
import type { KillPoint } from '../testing/killingStore.js'

// The desk runs in a process of its own on a SQLite file. It is killed with
// SIGKILL at every step of a loan, one step per run, and started again each
// time on the same file and secret: the loan goes on, and every payment
// (principal, repayment, surplus) happens exactly once.

const net = await getTestNetwork()
const { alice, bob, carol } = clientsOf(net)
const dir = mkdtempSync(join(tmpdir(), 'loans-sigkill-'))

let desk: DeskSupervisor
let agent: Agent
const shared = keepBalances(bob, { borrower: alice, others: [carol] })
beforeAll(async () => {
  await shared.prepare()
  desk = await deskSupervisor(net.node('bob'), dir)
  agent = createAgent({ client: alice, deskUrl: desk.url, timeoutMs: 5_000 })
})
afterAll(async () => {
  await desk?.close()
  await shared.restore()
  rmSync(dir, { recursive: true, force: true })
})

/** Calls the desk again while it is down (a borrower's retry); other errors are thrown. */
async function whenUp<T>(call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      return await call()
    } catch (error) {
      if (!isLoanError(error) || error.reason !== 'DESK_ERROR' || Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

const balances = async () => ({
  alice: await ownedMsat(alice),
  bob: await ownedMsat(bob),
  carol: await ownedMsat(carol),
})

const at = (when: KillPoint['when'], event: KillPoint['event']): KillPoint => ({ when, event })

describe('the desk process is SIGKILLed at each step and started again', () => {
  it('open → lock → principal → repay → unlock: nothing lost, nothing paid twice', async () => {
    const before = await balances()
    const steps = [
      at('after', 'loan.opened'), // stored, the lock invoice not made yet
      at('before', 'lock.accepted'), // the lock is held in lnd, not recorded
      at('after', 'principal.sending'), // DISBURSING stored, nothing paid
      at('before', 'principal.disbursed'), // paid, not recorded
      at('after', 'repay.invoiced'), // the repayment invoice made, not answered
      at('before', 'loan.repaid'), // repaid in lnd, not recorded
      at('after', 'loan.repaid'), // recorded, the lock not canceled
    ]
    await desk.killAt(steps)

    const quote = await whenUp(() => agent.quote({ principal: 50_000n }))
    // Pay later: the principal pays carol's invoice (the same one on every retry).
    const checkout = await carol.createInvoice({ amountMsat: quote.principalMsat, memo: 'order' })
    const opened = await whenUp(() =>
      agent.open({ quote, disbursementInvoice: checkout.paymentRequest }),
    )
    const active = await whenUp(() =>
      agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 60_000 }),
    )
    expect(active.disbursement).toMatchObject({ status: 'SUCCEEDED', amountMsat: 500_000_000n })
    const { invoice } = await whenUp(() => agent.repay(opened.loan.id))
    expect(await opened.lock.outcome).toEqual({ status: 'released' })
    await desk.allKilled()
    expect(desk.kills).toEqual(steps)

    const repaid = await whenUp(() => agent.waitForState(opened.loan.id, ['REPAID']))
    expect(repaid.locks.map((l) => l.state)).toEqual(['CANCELED'])
    const events = (await agent.events(opened.loan.id)).map((e) => e.type)
    for (const once of ['loan.opened', 'lock.accepted', 'principal.disbursed', 'loan.repaid']) {
      expect(events.filter((t) => t === once)).toHaveLength(1)
    }
    const after = await balances()
    expect(after.carol - before.carol).toBe(500_000_000n) // the principal, once
    expect(after.alice - before.alice).toBe(-invoice.amountMsat) // the repayment, once
    expect(after.bob - before.bob).toBe(invoice.amountMsat - 500_000_000n)
  })

  it('price crash → liquidation → surplus: nothing lost, nothing paid twice', async () => {
    desk.setPrice(10_000_000n)
    const before = await balances()
    const quote = await whenUp(() => agent.quote({ principal: 50_000n }))
    const opened = await whenUp(() => agent.open({ quote }))
    await whenUp(() => agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 60_000 }))
    const steps = [
      at('after', 'liquidation.started'), // the split stored, nothing settled
      at('before', 'lock.settled'), // the collateral taken in lnd, not recorded
      at('after', 'surplus.sent'), // about to keysend the surplus
      at('before', 'surplus.paid'), // keysent, not recorded
    ]
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
