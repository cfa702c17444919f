import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LockHandle } from '../agent/createAgent.js'
import { memoryLoanStore } from '../store/memoryLoanStore.js'
import type { LockTerms } from '../terms/LoanTerms.js'
import { safeDeadlineHeight } from '../terms/lockCltvExpiry.js'
import { clientsOf, ensureOwned, ownedMsat } from '../testing/clients.js'
import { type CrashingStore, crashingStore } from '../testing/crashingStore.js'
import { type DeskFixture, deskFixture, testTerms } from '../testing/deskFixture.js'
import type { LoanView } from './loanView.js'

// A lock budget of a few blocks, driven by mining: the desk asks for a new
// lock before the safe deadline, the agent pays it by itself, the old one goes
// back; unanswered, the desk settles at the safe deadline, before lnd would
// cancel the lock (holdexpirydelta blocks before the HTLC expires).

const net = await getTestNetwork()
const { alice, bob, carol } = clientsOf(net)
const lock: LockTerms = {
  periodBlocks: 10,
  holdExpiryDeltaBlocks: 18,
  safetyMarginBlocks: 3,
  rolloverLeadBlocks: 4,
  maxCltvExpiry: 2016,
}

let f: DeskFixture
let store: CrashingStore
let start: { alice: bigint; carol: bigint }
beforeAll(async () => {
  start = { alice: await ownedMsat(alice), carol: await ownedMsat(carol) }
  // Enough on alice's side for two collateral locks at once, whatever ran before.
  if (start.alice < 3_500_000_000n) await ensureOwned(alice, bob, 3_500_000_000n)
  store = crashingStore(memoryLoanStore())
  f = await deskFixture(bob, alice, { terms: { ...testTerms, lock }, store })
})
afterAll(async () => {
  await f?.close()
  // Leave the shared network's balances as they were.
  if (start) {
    await ensureOwned(alice, bob, start.alice)
    await ensureOwned(carol, bob, start.carol)
  }
})

async function mineTo(height: number) {
  const now = (await bob.getInfo()).blockHeight
  if (height > now) await net.mine(height - now)
}

const held = (loan: LoanView) => loan.locks.filter((l) => l.state === 'ACCEPTED')

describe('rollover, driven by mining', () => {
  it('rolls the lock over before the safe deadline, then settles at the deadline when no new lock comes', async () => {
    const before = { alice: await ownedMsat(alice), bob: await ownedMsat(bob) }
    const quote = await f.agent.quote({ principal: 20_000n }) // $200: 400,000 sat
    const opened = await f.agent.open({ quote })
    const loan = await f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    const first = held(loan)[0]!
    const deadline = safeDeadlineHeight(lock, first.expiryHeight!)
    const rollovers: LockHandle[] = []
    const stop = f.agent.watch(loan.id, { intervalMs: 200, onRollover: (h) => rollovers.push(h) })
    try {
      // One block before the rollover point: nothing yet.
      await mineTo(deadline - lock.rolloverLeadBlocks - 1)
      await f.running.desk.tick()
      expect((await f.agent.status(loan.id)).locks).toHaveLength(1)
      await mineTo(deadline - lock.rolloverLeadBlocks)
      await f.running.desk.tick()
      await expect
        .poll(async () => (await f.agent.events(loan.id)).map((e) => e.type), { timeout: 20_000 })
        .toContain('rollover.completed')
      expect(rollovers).toHaveLength(1)
      expect(await opened.lock.outcome).toEqual({ status: 'released' })
      const rolled = await f.agent.status(loan.id)
      expect(held(rolled).map((l) => [l.purpose, l.amountSat])).toEqual([['rollover', 400_000n]])
      expect(rolled.collateralSat).toBe(400_000n)
      expect(held(rolled)[0]!.expiryHeight).toBeGreaterThan(first.expiryHeight!)
      expect((await f.agent.events(loan.id)).map((e) => e.type)).toContain('rollover.acked')
    } finally {
      stop()
    }

    // The borrower stops answering: at the next safe deadline the desk settles.
    const second = held(await f.agent.status(loan.id))[0]!
    const deadline2 = safeDeadlineHeight(lock, second.expiryHeight!)
    await mineTo(deadline2 - lock.rolloverLeadBlocks)
    await f.running.desk.tick()
    expect((await f.agent.events(loan.id)).at(-1)?.type).toBe('rollover.requested')
    await mineTo(deadline2 - 1)
    await f.running.desk.tick()
    expect((await f.agent.status(loan.id)).state).toBe('ACTIVE')
    await mineTo(deadline2)
    await f.running.desk.tick()
    const done = await f.agent.waitForState(loan.id, ['LIQUIDATED'])
    // lnd would have canceled at expiry − 18 = deadline + 3: the desk acted 3 blocks before.
    expect(second.expiryHeight! - lock.holdExpiryDeltaBlocks).toBe(deadline2 + 3)
    expect(done.liquidation).toMatchObject({
      reason: 'lock-deadline',
      collateralSat: 400_000n,
      keepSat: 210_000n, // $200 + 5% at $100,000
      surplusSat: 190_000n,
      surplusStatus: 'SUCCEEDED',
    })
    expect(done.locks.map((l) => [l.purpose, l.state])).toEqual([
      ['initial', 'CANCELED'],
      ['rollover', 'SETTLED'],
      ['rollover', 'CANCELED'],
    ])
    expect(await f.agent.lock(second.paymentHash)?.outcome).toMatchObject({ status: 'settled' })
    const after = { alice: await ownedMsat(alice), bob: await ownedMsat(bob) }
    expect(after.alice - before.alice).toBe(200_000_000n - 400_000_000n + 190_000_000n)
    expect(after.bob - before.bob).toBe(-200_000_000n + 400_000_000n - 190_000_000n)
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
})
