import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoanEventType } from '../loan/LoanRecord.js'
import { sqliteLoanStore } from '../store/sqliteLoanStore.js'
import { clientsOf, ensureOwned, ownedMsat } from '../testing/clients.js'
import { type CrashingStore, crashingStore } from '../testing/crashingStore.js'
import { type DeskFixture, deskFixture } from '../testing/deskFixture.js'

// The desk dies right after each write that precedes a side effect (or right
// after the side effect, before its result is written), and starts again on
// the same SQLite file and secret: it reconciles with lnd and goes on, and no
// payment is ever made twice.

const net = await getTestNetwork()
const { alice, bob, carol } = clientsOf(net)
const dir = mkdtempSync(join(tmpdir(), 'loans-recovery-'))

let f: DeskFixture
let start: { alice: bigint; carol: bigint }
let store: CrashingStore
beforeAll(async () => {
  start = { alice: await ownedMsat(alice), carol: await ownedMsat(carol) }
  // Enough on alice's side for two collateral locks at once, whatever ran before.
  if (start.alice < 3_500_000_000n) await ensureOwned(alice, bob, 3_500_000_000n)
  store = crashingStore(await sqliteLoanStore({ path: join(dir, 'desk.db') }))
  f = await deskFixture(bob, alice, { store })
})
afterAll(async () => {
  await f?.close()
  // Leave the shared network's balances as they were.
  if (start) {
    await ensureOwned(alice, bob, start.alice)
    await ensureOwned(carol, bob, start.carol)
  }
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

const both = async () => ({ alice: await ownedMsat(alice), bob: await ownedMsat(bob) })

/** Arms a crash just before or after the write of `step`, waits for it, restarts the desk. */
async function crashAt(
  when: 'before' | 'after',
  step: LoanEventType,
  action: () => Promise<unknown>,
) {
  if (when === 'after') store.crashAfter(step)
  else store.crashBefore(step)
  await action()
  await store.crashed()
  await f.restart()
}

describe('the desk is killed at each step and restarted', () => {
  it('open → lock: crash after the lock is taken (before the principal is sent), and after it is sent (before it is recorded)', async () => {
    const before = await both()
    const first = await f.agent.quote({ principal: 50_000n })
    let opened!: Awaited<ReturnType<typeof f.agent.open>>
    // DISBURSING written, no payment yet: the restarted desk sends it.
    await crashAt('after', 'principal.sending', async () => {
      opened = await f.agent.open({ quote: first })
    })
    const active = await f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    expect(active.disbursement).toMatchObject({ status: 'SUCCEEDED' })

    // Paid, not recorded: the restarted desk finds the payment by its hash and does not pay again.
    const second = await f.agent.quote({ principal: 50_000n })
    let again!: Awaited<ReturnType<typeof f.agent.open>>
    await crashAt('before', 'principal.disbursed', async () => {
      again = await f.agent.open({ quote: second })
    })
    const active2 = await f.agent.waitForState(again.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    expect(active2.disbursement).toMatchObject({ status: 'SUCCEEDED' })
    const events = (await f.agent.events(again.loan.id)).map((e) => e.type)
    expect(events.filter((t) => t === 'principal.disbursed')).toHaveLength(1)

    // Repaid, then killed before the lock is canceled: the restarted desk releases it.
    await crashAt('after', 'loan.repaid', () => f.agent.repay(again.loan.id))
    expect(await again.lock.outcome).toEqual({ status: 'released' })
    await f.agent.repay(opened.loan.id)
    expect(await opened.lock.outcome).toEqual({ status: 'released' })
    await f.agent.waitForState(again.loan.id, ['REPAID'])
    // Each principal paid once, each repaid once, at a constant price with no time passing.
    const after = await both()
    expect(after).toEqual(before)
  })

  it('liquidation: crash before the locks are settled, and after the surplus is sent', async () => {
    f.oracle.set(10_000_000n)
    const before = await both()
    const quote = await f.agent.quote({ principal: 50_000n })
    const opened = await f.agent.open({ quote })
    const loan = await f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    f.oracle.set(5_500_000n)
    await crashAt('after', 'liquidation.started', () => f.running.desk.tick())
    expect((await f.agent.status(loan.id)).state).toBe('LIQUIDATED')
    expect(await opened.lock.outcome).toMatchObject({ status: 'settled' })

    f.oracle.set(10_000_000n)
    const quote2 = await f.agent.quote({ principal: 50_000n })
    const opened2 = await f.agent.open({ quote: quote2 })
    await f.agent.waitForState(opened2.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    f.oracle.set(5_500_000n)
    // Settled and the surplus keysent, not recorded: the restart sends the same keysend (same hash): paid once.
    await crashAt('before', 'surplus.paid', () => f.running.desk.tick())
    await f.running.desk.tick()
    const done = await f.agent.waitForState(opened2.loan.id, ['LIQUIDATED'])
    expect(done.liquidation).toMatchObject({ keepSat: 954_546n, surplusSat: 45_454n })
    expect(await f.agent.checkSurplus(opened2.loan.id)).toMatchObject({ ok: true })
    const after = await both()
    // Two loans: each +500,000 principal, −1,000,000 collateral, +45,454 surplus for alice.
    const perLoan = 500_000_000n - 1_000_000_000n + 45_454_000n
    expect(after.alice - before.alice).toBe(2n * perLoan)
    expect(after.bob - before.bob).toBe(-2n * perLoan)
  })
})
