import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getTestNetwork, getTestPostgresUrl } from '@btcfi/regtest/vitest'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Agent, createAgent } from '../agent/createAgent.js'
import type { LoanEvent, LoanEventType } from '../loan/LoanRecord.js'
import type { LoanStore } from '../store/LoanStore.js'
import { postgresLoanStore } from '../store/postgresLoanStore.js'
import { safeDeadlineHeight } from '../terms/lockCltvExpiry.js'
import { clientsOf, keepBalances, ownedMsat } from '../testing/clients.js'
import { shortLock } from '../testing/deskFixture.js'
import { type DeskWorkers, deskWorkers } from '../testing/deskWorkers.js'
import { around } from '../testing/killingStore.js'
import { whenUp } from '../testing/whenUp.js'

// Three desk workers, each a process with its own HTTP server, on one
// PostgreSQL book and bob's node, behind a round-robin front. Workers are
// SIGKILLed at the kill points of the single desk's SIGKILL test: what a dead
// worker left is finished by the others, within 10 s, and every payment
// (principal, repayment, surplus) happens once, to the msat.

const net = await getTestNetwork()
const { alice, bob, carol } = clientsOf(net)
const dir = mkdtempSync(join(tmpdir(), 'loans-workers-'))
const postgresUrl = getTestPostgresUrl()
const schema = `loans_workers_${randomBytes(6).toString('hex')}`
const lock = shortLock

let workers: DeskWorkers
let agent: Agent
let book: LoanStore
const shared = keepBalances(bob, { borrower: alice, others: [carol] })
beforeAll(async () => {
  await shared.prepare()
  workers = await deskWorkers(net.node('bob'), dir, {
    count: 3,
    postgres: { url: postgresUrl, schema },
    lock,
  })
  agent = createAgent({ client: alice, deskUrl: workers.url, timeoutMs: 5_000, now: workers.now })
  book = await postgresLoanStore({ url: postgresUrl, schema, maxConnections: 2 })
})
afterAll(async () => {
  await workers?.close()
  await book?.close()
  await shared.restore()
  const admin = new pg.Client({ connectionString: postgresUrl })
  await admin.connect()
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await admin.end()
  rmSync(dir, { recursive: true, force: true })
})

const balances = async () => ({
  alice: await ownedMsat(alice),
  bob: await ownedMsat(bob),
  carol: await ownedMsat(carol),
})

/**
 * No worker acted on a loan another was acting on: a save based on a stale
 * read (CONFLICT) is what a turn not held across workers would show.
 */
const noConflicts = () =>
  expect(workers.errors.filter((line) => line.includes('changed underneath'))).toEqual([])

/** The loan's log as the book holds it. */
const logOf = async (loanId: string): Promise<LoanEvent[]> => book.listEvents({ loanId })

/**
 * Waits until the book logs `type` for the loan, and returns how long after
 * the worker's death it was written (the workers' loan clock is the wall
 * clock here).
 */
async function finishedAfterKill(loanId: string, type: LoanEventType, killAtMs: number) {
  let event: LoanEvent | undefined
  await expect
    .poll(
      async () => {
        event = (await logOf(loanId)).find((e) => e.type === type)
        return event !== undefined
      },
      {
        timeout: 30_000,
        interval: 100,
        message: `${type} was not logged; the workers said:\n${workers.errors.slice(-30).join('\n')}`,
      },
    )
    .toBe(true)
  return event!.atMs - killAtMs
}

describe('three desk workers on one PostgreSQL book', () => {
  it('open → lock → principal → repay, a worker killed before and after every write: once each, to the msat', async () => {
    const before = await balances()
    const quote = await whenUp(() => agent.quote({ principal: 50_000n }))
    const checkout = await carol.createInvoice({
      amountMsat: quote.principalMsat,
      memo: 'order',
      cltvExpiry: 24,
    })
    const opening = around('loan.opened', 'lock.issued', 'lock.accepted', 'principal.disbursed')
    workers.killAt(opening)
    const opened = await whenUp(() =>
      agent.open({ quote, disbursementInvoice: checkout.paymentRequest }),
    )
    const active = await whenUp(() =>
      agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 60_000 }),
    )
    expect(active.disbursement).toMatchObject({ status: 'SUCCEEDED', amountMsat: 500_000_000n })
    await workers.allKilled()
    expect(workers.kills.map((k) => k.point)).toEqual(opening)
    // More than one worker died along the way: the loan moved between them.
    expect(new Set(workers.kills.map((k) => k.worker)).size).toBeGreaterThan(1)

    const repaying = around('repay.invoiced', 'loan.repaid', 'lock.canceled')
    workers.killAt(repaying)
    const { invoice } = await whenUp(() => agent.repay(opened.loan.id))
    expect(await opened.lock.outcome).toEqual({ status: 'released' })
    await workers.allKilled()
    expect(workers.kills.map((k) => k.point)).toEqual(repaying)
    const repaid = await whenUp(() => agent.waitForState(opened.loan.id, ['REPAID']))
    expect(repaid.locks.map((l) => l.state)).toEqual(['CANCELED'])

    const events = (await logOf(opened.loan.id)).map((e) => e.type)
    for (const once of ['loan.opened', 'lock.accepted', 'principal.disbursed', 'loan.repaid']) {
      expect(events.filter((t) => t === once)).toHaveLength(1)
    }
    const after = await balances()
    expect(after.carol - before.carol).toBe(500_000_000n) // the principal, once
    expect(after.alice - before.alice).toBe(-invoice.amountMsat)
    expect(after.bob - before.bob).toBe(invoice.amountMsat - 500_000_000n)

    noConflicts()
  })

  it('a worker killed mid-disbursement and left down: another records the principal within 10 s, paid once', async () => {
    const before = await balances()
    const quote = await whenUp(() => agent.quote({ principal: 20_000n }))
    const checkout = await carol.createInvoice({
      amountMsat: quote.principalMsat,
      memo: 'order',
      cltvExpiry: 24,
    })
    // The principal is paid; the worker dies before it records so.
    workers.killAt([{ when: 'before', event: 'principal.disbursed' }], { restart: 'later' })
    const opened = await whenUp(() =>
      agent.open({ quote, disbursementInvoice: checkout.paymentRequest }),
    )
    await workers.allKilled()
    expect(workers.alive()).toBe(2)
    const [kill] = workers.kills
    expect(
      await finishedAfterKill(opened.loan.id, 'principal.disbursed', kill!.atMs),
    ).toBeLessThanOrEqual(10_000)
    await workers.restartDead()
    const { invoice } = await whenUp(() => agent.repay(opened.loan.id))
    await whenUp(() => agent.waitForState(opened.loan.id, ['REPAID']))
    const after = await balances()
    expect(after.carol - before.carol).toBe(200_000_000n)
    expect(after.alice - before.alice).toBe(-invoice.amountMsat)
    expect(after.bob - before.bob).toBe(invoice.amountMsat - 200_000_000n)

    noConflicts()
  })

  it('workers killed mid-rollover and left down: the last one completes it within 10 s', async () => {
    const before = await balances()
    const quote = await whenUp(() => agent.quote({ principal: 20_000n }))
    const opened = await whenUp(() => agent.open({ quote }))
    const loan = await whenUp(() =>
      agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 60_000 }),
    )
    const held = loan.locks.find((l) => l.state === 'ACCEPTED')!
    const deadline = safeDeadlineHeight(lock, held.expiryHeight!)
    // One dies as it takes the new lock, one as it releases the old one.
    workers.killAt(
      [
        { when: 'after', event: 'lock.accepted' },
        { when: 'before', event: 'rollover.completed' },
      ],
      { restart: 'later' },
    )
    const stop = agent.watch(loan.id, { intervalMs: 200 })
    try {
      const height = (await bob.getInfo()).blockHeight
      await net.mine(deadline - lock.rolloverLeadBlocks - height)
      await workers.allKilled()
      expect(workers.alive()).toBe(1)
      const last = workers.kills.at(-1)!
      expect(await finishedAfterKill(loan.id, 'rollover.completed', last.atMs)).toBeLessThanOrEqual(
        10_000,
      )
    } finally {
      stop()
    }
    expect(await opened.lock.outcome).toEqual({ status: 'released' })
    await workers.restartDead()
    const rolled = await whenUp(() => agent.status(loan.id))
    expect(rolled.locks.map((l) => [l.purpose, l.state])).toEqual([
      ['initial', 'CANCELED'],
      ['rollover', 'ACCEPTED'],
    ])
    await whenUp(() => agent.repay(loan.id))
    await whenUp(() => agent.waitForState(loan.id, ['REPAID']))
    const after = await balances()
    expect(after.alice - before.alice).toBe(-(after.bob - before.bob))
    expect(after.carol).toBe(before.carol)
    expect(before.alice - after.alice).toBeLessThan(1_000n)

    noConflicts()
  })

  it('workers killed mid-liquidation and left down: the last one finishes it within 10 s, the surplus paid once', async () => {
    workers.setPrice(10_000_000n)
    const before = await balances()
    const quote = await whenUp(() => agent.quote({ principal: 50_000n }))
    const opened = await whenUp(() => agent.open({ quote }))
    await whenUp(() => agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 60_000 }))
    workers.killAt(
      [
        { when: 'after', event: 'liquidation.started' },
        { when: 'before', event: 'surplus.paid' },
      ],
      { restart: 'later' },
    )
    workers.setPrice(5_500_000n) // $55,000: LTV 91% ≥ 90%
    await workers.allKilled()
    expect(workers.alive()).toBe(1)
    const [first, last] = workers.kills
    expect(
      await finishedAfterKill(opened.loan.id, 'lock.settled', first!.atMs),
    ).toBeLessThanOrEqual(10_000)
    expect(
      await finishedAfterKill(opened.loan.id, 'loan.liquidated', last!.atMs),
    ).toBeLessThanOrEqual(10_000)
    await workers.restartDead()
    const done = await whenUp(() => agent.waitForState(opened.loan.id, ['LIQUIDATED']))
    expect(await opened.lock.outcome).toMatchObject({ status: 'settled' })
    const keep = done.liquidation!.keepSat
    expect(done.liquidation).toMatchObject({
      collateralSat: 1_000_000n,
      surplusSat: 1_000_000n - keep,
    })
    const events = (await logOf(opened.loan.id)).map((e) => e.type)
    for (const once of ['liquidation.started', 'lock.settled', 'surplus.paid', 'loan.liquidated']) {
      expect(events.filter((t) => t === once)).toHaveLength(1)
    }
    const after = await balances()
    const alice = 500_000_000n - keep * 1_000n
    expect(after.alice - before.alice).toBe(alice)
    expect(after.bob - before.bob).toBe(-alice)

    noConflicts()
  })
})
