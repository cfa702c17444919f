import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAgent } from '../agent/createAgent.js'
import { isLoanError } from '../errors/LoanError.js'
import type { LoanEvent } from '../loan/LoanRecord.js'
import { memoryLoanStore } from '../store/memoryLoanStore.js'
import { safeDeadlineHeight } from '../terms/lockCltvExpiry.js'
import { clientsOf, keepBalances } from '../testing/clients.js'
import { type CrashingStore, crashingStore } from '../testing/crashingStore.js'
import { type DeskFixture, deskFixture, shortLock, testTerms } from '../testing/deskFixture.js'
import { escrowDeskTest } from './testing/escrowDeskTest.js'
import { type SpawnedEscrowAgent, spawnEscrowAgent } from './testing/spawnEscrowAgent.js'

// The escrow agent SIGKILLed at each step of a v2 loan and started again on
// its SQLite file: before and after the borrower's deposit, before the
// desk's release request, right after its answer (the desk has not settled
// yet), and in a rollover between the new lock's deposit and the old one's
// retirement. Nothing is lost, nothing is taken twice, and bob's and alice's
// balances are checked to the msat.

const net = await getTestNetwork()
const { alice, bob, carol } = clientsOf(net)
const lock = shortLock
const dir = mkdtempSync(join(tmpdir(), 'escrow-sigkill-'))

let escrow: SpawnedEscrowAgent
let f: DeskFixture
/** The desk's book: it "crashes" the desk at a chosen write. */
let store: CrashingStore
/** Runs once after the agent answers a deposit (the next one only). */
let afterDeposit: (() => Promise<void>) | undefined
/** Runs once after the desk answers a request whose URL ends so (the next one only). */
let afterDeskCall: { path: string; run: () => Promise<void> } | undefined
/** Runs on the desk's next event of this type. */
let onEvent: { type: LoanEvent['type']; run: () => void } | undefined
const shared = keepBalances(bob, { borrower: alice, others: [carol] })

beforeAll(async () => {
  await shared.prepare()
  escrow = await spawnEscrowAgent({ node: net.node('carol'), dir })
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    const response = await globalThis.fetch(input, init)
    if (url.startsWith(escrow.url) && url.endsWith('/v2/escrow/deposits') && afterDeposit) {
      const run = afterDeposit
      afterDeposit = undefined
      await run()
    }
    if (afterDeskCall && url.endsWith(afterDeskCall.path)) {
      const { run } = afterDeskCall
      afterDeskCall = undefined
      await run()
    }
    return response
  }
  store = crashingStore(memoryLoanStore())
  f = await deskFixture(bob, alice, {
    terms: { ...testTerms, lock },
    store,
    deskOptions: {
      escrow: { agents: [{ pubkey: escrow.pubkey, url: escrow.url }], retryMs: 0 },
      onEvent: (event) => {
        if (onEvent?.type !== event.type) return
        const { run } = onEvent
        onEvent = undefined
        run()
      },
    },
    agentOptions: { escrow: {}, fetch },
  })
})
afterAll(async () => {
  await f?.close()
  await escrow?.close()
  rmSync(dir, { recursive: true, force: true })
  await shared.restore()
})

const { held, balances, lender, mineTo, setPrices, expectLiquidated } = escrowDeskTest(
  net,
  { alice, bob },
  () => f,
  () => escrow,
)

describe('protocol v2: the escrow agent SIGKILLed at every step', () => {
  it('down before the deposit: no loan opens; killed after it: the loan opens, and the agent holds the preimage after its restart', async () => {
    const before = await balances()
    await escrow.kill()
    const quote = await f.agent.quote({ principal: 20_000n }) // the desk asks nothing of the agent
    const error = await f.agent.open({ quote }).catch((e: unknown) => e)
    expect(isLoanError(error) && error.reason).toBe('DESK_ERROR')
    expect(await f.running.desk.getLoan(quote.id)).toBeUndefined()
    await escrow.restart()
    // Killed between its attestation and the open: the desk needs only the attestation.
    afterDeposit = () => escrow.kill()
    const opened = await f.agent.open({ quote })
    const loan = await f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    await escrow.restart()
    const status = await lender().status(opened.lock.paymentHash)
    expect(status.hold.loanId).toBe(loan.id)
    expect(status.released).toBeUndefined()

    // Down when the price falls: the desk cannot settle, and the loan waits ACTIVE.
    await escrow.kill()
    setPrices(5_500_000n)
    await f.running.desk.tick()
    await f.running.desk.whenIdle()
    expect((await f.agent.status(loan.id)).state).toBe('ACTIVE')
    expect(held(await f.agent.status(loan.id))).toHaveLength(1)
    // Back: released on its own price, as the desk asks again.
    await escrow.restart()
    await f.running.desk.tick()
    const done = await f.agent.waitForState(loan.id, ['LIQUIDATED'])
    expect((await lender().status(opened.lock.paymentHash)).released?.ground).toBe('liquidation')
    expect(await opened.lock.outcome).toMatchObject({ status: 'settled' })
    expectLiquidated(before, await balances(), done)
    setPrices(10_000_000n)
  })

  it('killed right after it released the preimage: the desk settles once the agent is back (it gives the same preimage again)', async () => {
    const before = await balances()
    const quote = await f.agent.quote({ principal: 20_000n })
    const opened = await f.agent.open({ quote })
    const loan = await f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    // SIGKILL as soon as the desk records the release, before it settles.
    onEvent = { type: 'escrow.released', run: () => void escrow.kill() }
    setPrices(5_500_000n)
    await f.running.desk.tick()
    await f.running.desk.whenIdle()
    const stuck = await f.agent.status(loan.id)
    expect(stuck.state).toBe('LIQUIDATING')
    expect(held(stuck)).toHaveLength(1)
    await escrow.restart()
    await f.running.desk.tick()
    const done = await f.agent.waitForState(loan.id, ['LIQUIDATED'])
    expect(done.locks.map((l) => l.state)).toEqual(['SETTLED'])
    expect(await opened.lock.outcome).toMatchObject({ status: 'settled' })
    expectLiquidated(before, await balances(), done)
    setPrices(10_000_000n)
  })

  it('killed in a rollover after the new deposit: the rollover completes, and the old lock is retired once the agent is back', async () => {
    const before = await balances()
    const quote = await f.agent.quote({ principal: 20_000n })
    const opened = await f.agent.open({ quote })
    const loan = await f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    const oldHash = held(loan)[0]!.paymentHash
    const deadline = safeDeadlineHeight(lock, held(loan)[0]!.expiryHeight!)
    afterDeposit = () => escrow.kill()
    const stop = f.agent.watch(loan.id, { intervalMs: 200 })
    try {
      await mineTo(deadline - lock.rolloverLeadBlocks)
      await f.running.desk.tick()
      await expect
        .poll(async () => (await f.agent.events(loan.id)).map((e) => e.type), { timeout: 20_000 })
        .toContain('rollover.completed')
    } finally {
      stop()
    }
    expect(await opened.lock.outcome).toEqual({ status: 'released' })
    // The desk could not tell the agent: the loan wakes until it can.
    expect((await f.agent.events(loan.id)).map((e) => e.type)).not.toContain('escrow.retired')
    await escrow.restart()
    await f.running.desk.tick()
    await f.running.desk.whenIdle()
    expect((await f.agent.events(loan.id)).map((e) => e.type)).toContain('escrow.retired')
    expect((await lender().status(oldHash)).hold.rolledOver).toBe(true)
    const next = held(await f.agent.status(loan.id))[0]!
    expect(next.paymentHash).not.toBe(oldHash)
    // The new lock holds the collateral, the old one nothing: liquidated on the new one.
    setPrices(5_500_000n)
    await f.running.desk.tick()
    const done = await f.agent.waitForState(loan.id, ['LIQUIDATED'])
    expect((await lender().status(next.paymentHash)).released?.ground).toBe('liquidation')
    expect((await lender().status(oldHash)).released).toBeUndefined()
    expectLiquidated(before, await balances(), done)
    setPrices(10_000_000n)
  })

  it("the borrower's agent restarted after a rollover ack pays the lock it acked; an open asked again gets the same lock", async () => {
    const before = await balances()
    const quote = await f.agent.quote({ principal: 20_000n })
    const opened = await f.agent.open({ quote })
    // Its answer lost: asked again, the same lock (the agent holds that preimage already).
    const again = await f.agent.open({ quote })
    expect(again.lock.paymentHash).toBe(opened.lock.paymentHash)
    const loan = await f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    const deadline = safeDeadlineHeight(lock, held(loan)[0]!.expiryHeight!)
    await mineTo(deadline - lock.rolloverLeadBlocks)
    await f.running.desk.tick()
    const requested = (await f.agent.events(loan.id)).find((e) => e.type === 'rollover.requested')!
    const lockId = requested.data.lockId as string
    // The agent dies right after the desk takes its ack, before it pays.
    afterDeskCall = {
      path: `/v1/loans/${loan.id}/rollover/ack`,
      run: async () => {
        throw new Error('the borrower agent died here')
      },
    }
    await expect(f.agent.rollover(loan.id, lockId)).rejects.toThrow()
    const acked = (await f.agent.status(loan.id)).locks.find((l) => l.id === lockId)!
    expect(acked.state).toBe('OPEN')
    // A new agent (nothing in memory) pays the acked lock, its hash checked at the escrow agent.
    const restarted = createAgent({
      client: alice,
      deskUrl: f.running.url,
      now: f.clock.now,
      escrow: {},
    })
    const paid = await restarted.rollover(loan.id, lockId)
    expect(paid.paymentHash).toBe(acked.paymentHash)
    await expect
      .poll(async () => (await f.agent.events(loan.id)).map((e) => e.type), { timeout: 20_000 })
      .toContain('rollover.completed')
    expect(await opened.lock.outcome).toEqual({ status: 'released' })
    const repaid = await f.agent.repay(loan.id)
    expect(await paid.outcome).toEqual({ status: 'released' })
    await f.agent.waitForState(loan.id, ['REPAID'])
    const now = await balances()
    expect(now.alice - before.alice).toBe(200_000_000n - repaid.payment.valueMsat)
    expect(now.bob - before.bob).toBe(-200_000_000n + repaid.payment.valueMsat)
  })

  it('the desk dies after the agent released, before it recorded the liquidation: on restart it goes on with it, whatever the price did since', async () => {
    const before = await balances()
    const quote = await f.agent.quote({ principal: 20_000n })
    const opened = await f.agent.open({ quote })
    const loan = await f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    // The agent says yes; the desk dies before its LIQUIDATING write.
    store.crashBefore('escrow.released')
    setPrices(5_500_000n)
    await f.running.desk.tick()
    await store.crashed()
    await f.running.desk.whenIdle()
    expect((await f.agent.status(loan.id)).state).toBe('ACTIVE')
    expect((await lender().status(opened.lock.paymentHash)).released?.ground).toBe('liquidation')
    // The price comes back before the desk does: the loan's one release is spent all the same,
    // so the desk takes the lock it was given rather than leave the loan unseizable.
    setPrices(10_000_000n)
    await f.restart()
    const done = await f.agent.waitForState(loan.id, ['LIQUIDATED'])
    expect(done.liquidation).toMatchObject({ reason: 'ltv', collateralSat: 400_000n })
    expect(await opened.lock.outcome).toMatchObject({ status: 'settled' })
    expectLiquidated(before, await balances(), done)
  })
})
