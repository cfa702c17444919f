import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LockHandle } from '../agent/createAgent.js'
import { memoryLoanStore } from '../store/memoryLoanStore.js'
import { safeDeadlineHeight } from '../terms/lockCltvExpiry.js'
import { clientsOf, keepBalances, ownedMsat } from '../testing/clients.js'
import { type CrashingStore, crashingStore } from '../testing/crashingStore.js'
import { type DeskFixture, deskFixture, shortLock, testTerms } from '../testing/deskFixture.js'
import type { LoanView } from './loanView.js'

// A lock budget of a few blocks, driven by mining: the desk asks for a new
// lock before the safe deadline, the agent pays it by itself, the old one goes
// back; unanswered, the desk settles at the safe deadline, before lnd would
// cancel the lock (holdexpirydelta blocks before the HTLC expires).

const net = await getTestNetwork()
const { alice, bob, carol } = clientsOf(net)
const lock = shortLock

let f: DeskFixture
let store: CrashingStore
const shared = keepBalances(bob, { borrower: alice, others: [carol] })
beforeAll(async () => {
  await shared.prepare()
  store = crashingStore(memoryLoanStore())
  f = await deskFixture(bob, alice, { terms: { ...testTerms, lock }, store })
})
afterAll(async () => {
  await f?.close()
  await shared.restore()
})

async function mineTo(height: number) {
  const now = (await bob.getInfo()).blockHeight
  if (height > now) await net.mine(height - now)
}

const DAY = 86_400_000
const held = (loan: LoanView) => loan.locks.filter((l) => l.state === 'ACCEPTED')

describe('rollover, driven by mining', () => {
  it('rolls the lock over three times across the loan term, then settles at the deadline when no new lock comes', async () => {
    const before = { alice: await ownedMsat(alice), bob: await ownedMsat(bob) }
    const quote = await f.agent.quote({ principal: 20_000n }) // $200: 400,000 sat
    const opened = await f.agent.open({ quote })
    const loan = await f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    const firstHeight = (await bob.getInfo()).blockHeight
    const rollovers: LockHandle[] = []
    const stop = f.agent.watch(loan.id, { intervalMs: 200, onRollover: (h) => rollovers.push(h) })
    let interestPaid = 0n
    try {
      let previous = opened.lock
      for (let round = 1; round <= 3; round++) {
        const current = held(await f.agent.status(loan.id))[0]!
        const deadline = safeDeadlineHeight(lock, current.expiryHeight!)
        // Nine days of the 30-day term pass between rollovers; the interest is paid as it falls due.
        f.clock.advance(9 * DAY)
        interestPaid += (await f.agent.payInterest(loan.id))?.valueMsat ?? 0n
        // One block before the rollover point: nothing yet.
        await mineTo(deadline - lock.rolloverLeadBlocks - 1)
        await f.running.desk.tick()
        expect((await f.agent.status(loan.id)).locks).toHaveLength(round)
        await mineTo(deadline - lock.rolloverLeadBlocks)
        await f.running.desk.tick()
        await expect
          .poll(
            async () =>
              (await f.agent.events(loan.id)).filter((e) => e.type === 'rollover.completed').length,
            { timeout: 20_000 },
          )
          .toBe(round)
        expect(rollovers).toHaveLength(round)
        expect(await previous.outcome).toEqual({ status: 'released' })
        previous = rollovers[round - 1]!
        const rolled = await f.agent.status(loan.id)
        expect(held(rolled).map((l) => [l.purpose, l.amountSat])).toEqual([['rollover', 400_000n]])
        expect(held(rolled)[0]!.expiryHeight).toBeGreaterThan(current.expiryHeight!)
        expect(rolled.state).toBe('ACTIVE')
      }
      expect((await f.agent.events(loan.id)).map((e) => e.type)).toContain('rollover.acked')
    } finally {
      stop()
    }

    // The borrower stops answering: at the next safe deadline the desk settles.
    const last = held(await f.agent.status(loan.id))[0]!
    const deadline = safeDeadlineHeight(lock, last.expiryHeight!)
    await mineTo(deadline - lock.rolloverLeadBlocks)
    await f.running.desk.tick()
    expect((await f.agent.events(loan.id)).slice(-2).map((e) => e.type)).toEqual([
      'rollover.requested',
      'lock.issued',
    ])
    await mineTo(deadline - 1)
    await f.running.desk.tick()
    expect((await f.agent.status(loan.id)).state).toBe('ACTIVE')
    await mineTo(deadline)
    await f.running.desk.tick()
    const done = await f.agent.waitForState(loan.id, ['LIQUIDATED'])
    const heldBlocks = deadline - firstHeight
    expect(heldBlocks).toBeGreaterThan(3 * lock.periodBlocks)
    // lnd would have canceled at expiry − 18 = deadline + 3: the desk acted 3 blocks before.
    expect(last.expiryHeight! - lock.holdExpiryDeltaBlocks).toBe(deadline + lock.safetyMarginBlocks)
    const arrears = done.liquidation!.keepSat * 1_000n - 210_000_000n
    expect(done.liquidation).toMatchObject({
      reason: 'lock-deadline',
      collateralSat: 400_000n,
      surplusStatus: 'SUCCEEDED',
    })
    // $200 + 5% at $100,000 (210,000 sat), plus any interest accrued since the last payment.
    expect(arrears).toBeGreaterThanOrEqual(0n)
    expect(arrears).toBeLessThan(1_000_000n)
    expect(done.locks.map((l) => [l.purpose, l.state])).toEqual([
      ['initial', 'CANCELED'],
      ['rollover', 'CANCELED'],
      ['rollover', 'CANCELED'],
      ['rollover', 'SETTLED'],
      ['rollover', 'CANCELED'],
    ])
    expect(await f.agent.lock(last.paymentHash)?.outcome).toMatchObject({ status: 'settled' })
    const keepMsat = done.liquidation!.keepSat * 1_000n
    const after = { alice: await ownedMsat(alice), bob: await ownedMsat(bob) }
    expect(after.alice - before.alice).toBe(200_000_000n - interestPaid - keepMsat)
    expect(after.bob - before.bob).toBe(-200_000_000n + interestPaid + keepMsat)
    expect(interestPaid).toBeGreaterThan(0n)
    console.log(
      `rollover: 3 rollovers, 4 locks, ${heldBlocks} blocks and 27 days of a 30-day term; interest ${interestPaid} msat; kept ${done.liquidation!.keepSat} sat, returned ${done.liquidation!.surplusSat} sat`,
    )
    expect(f.errors).toEqual([])
  })
  it('a desk killed after the new lock is taken, before the old one is canceled, completes the rollover on restart', async () => {
    const before = { alice: await ownedMsat(alice), bob: await ownedMsat(bob) }
    const quote = await f.agent.quote({ principal: 20_000n })
    const opened = await f.agent.open({ quote })
    const loan = await f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    const deadline = safeDeadlineHeight(lock, held(loan)[0]!.expiryHeight!)
    store.crashAfter('lock.accepted') // the rollover lock's
    const stop = f.agent.watch(loan.id, { intervalMs: 200 })
    try {
      await mineTo(deadline - lock.rolloverLeadBlocks)
      await f.running.desk.tick()
      await store.crashed()
    } finally {
      stop()
    }
    // Both locks held now; the restarted desk cancels the old one instead of letting it reach its deadline.
    await f.restart()
    expect(await opened.lock.outcome).toEqual({ status: 'released' })
    const rolled = await f.agent.status(loan.id)
    expect(held(rolled).map((l) => l.purpose)).toEqual(['rollover'])
    expect((await f.agent.events(loan.id)).map((e) => e.type)).toContain('rollover.completed')
    await mineTo(deadline)
    await f.running.desk.tick()
    expect((await f.agent.status(loan.id)).state).toBe('ACTIVE')
    await f.agent.repay(loan.id)
    await f.agent.waitForState(loan.id, ['REPAID'])
    await ownedMsat(alice)
    expect({ alice: await ownedMsat(alice), bob: await ownedMsat(bob) }).toEqual(before)
    expect(f.errors.filter((e) => !e.includes('simulated crash'))).toEqual([])
  })

  it('with the oracle down through the whole rollover window, the rollover lock is still offered and taken: no liquidation, nothing charged', async () => {
    const before = { alice: await ownedMsat(alice), bob: await ownedMsat(bob) }
    const quote = await f.agent.quote({ principal: 20_000n })
    const opened = await f.agent.open({ quote })
    const loan = await f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    const deadline = safeDeadlineHeight(lock, held(loan)[0]!.expiryHeight!)
    f.oracle.fail()
    const stop = f.agent.watch(loan.id, { intervalMs: 200 })
    try {
      await mineTo(deadline - lock.rolloverLeadBlocks)
      await f.running.desk.tick()
      await expect
        .poll(
          async () => (await f.agent.events(loan.id)).some((e) => e.type === 'rollover.completed'),
          { timeout: 20_000 },
        )
        .toBe(true)
      // The old deadline passes while the oracle is still down: the new lock holds.
      await mineTo(deadline)
      await f.running.desk.tick()
    } finally {
      stop()
      f.oracle.set(10_000_000n)
    }
    const rolled = await f.agent.status(loan.id)
    expect(rolled.state).toBe('ACTIVE')
    expect(held(rolled).map((l) => l.purpose)).toEqual(['rollover'])
    await f.agent.repay(loan.id)
    await f.agent.waitForState(loan.id, ['REPAID'])
    expect({ alice: await ownedMsat(alice), bob: await ownedMsat(bob) }).toEqual(before)
  })

  it('a desk down through the rollover window and at the deadline settles without the penalty: the borrower was never asked to roll over', async () => {
    const before = { alice: await ownedMsat(alice), bob: await ownedMsat(bob) }
    const quote = await f.agent.quote({ principal: 20_000n }) // $200: 400,000 sat
    const opened = await f.agent.open({ quote })
    const loan = await f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    const deadline = safeDeadlineHeight(lock, held(loan)[0]!.expiryHeight!)
    await f.restart(() => mineTo(deadline))
    await f.running.desk.tick()
    const done = await f.agent.waitForState(loan.id, ['LIQUIDATED'])
    // $200 at $100,000 with no interest accrued: 200,000 sat kept, not 210,000.
    expect(done.liquidation).toMatchObject({
      reason: 'lock-deadline',
      keepSat: 200_000n,
      surplusSat: 200_000n,
      surplusStatus: 'SUCCEEDED',
    })
    expect(done.liquidation!.penaltyBps).toBe(0n)
    // alice got $200 and gave 200,000 sat of the collateral: at $100,000 the same value.
    expect({ alice: await ownedMsat(alice), bob: await ownedMsat(bob) }).toEqual(before)
  })
})
