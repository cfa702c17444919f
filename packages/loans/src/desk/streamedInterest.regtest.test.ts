import { randomBytes } from 'node:crypto'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { createStream } from '@btcfi/stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accrueInterest } from '../money/accrueInterest.js'
import { clientsOf, keepBalances } from '../testing/clients.js'
import { type DeskFixture, deskFixture } from '../testing/deskFixture.js'

const net = await getTestNetwork()
const { alice, bob } = clientsOf(net)
const DAY = 86_400_000

/** 12% a year on $500 at $100,000/BTC, for `days`, msat. */
const interestFor = (days: number) =>
  accrueInterest({
    principal: 50_000n,
    currency: 'USD',
    aprBps: 1_200n,
    elapsedMs: BigInt(days * DAY),
    centsPerBtc: 10_000_000n,
    carry: 0n,
  }).msat

let f: DeskFixture
const shared = keepBalances(bob, { borrower: alice })
beforeAll(async () => {
  await shared.prepare()
  f = await deskFixture(bob, alice)
})
afterAll(async () => {
  await f?.close()
  await shared.restore()
})

/** bob's side of his channels: the held lock is pending (not counted) until it ends. */
const bobLocalMsat = async () => (await bob.getChannelBalance()).localMsat
const paidOnDesk = async (loanId: string) => (await f.agent.status(loanId)).interest.paidMsat

describe('interest paid as a payment stream (bob lends, alice borrows)', () => {
  it('credits each streamed payment to the loan, exact to the msat, through dues and graces', async () => {
    const quote = await f.agent.quote({ principal: 50_000n })
    const opened = await f.agent.open({ quote })
    const loan = await f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    const bobBefore = await bobLocalMsat()
    const stream = await f.agent.streamInterest(loan.id, {
      secret: new Uint8Array(randomBytes(32)),
      sendIntervalMs: 100,
    })

    f.clock.advance(DAY) // one day's interest falls due at the day's end
    await expect.poll(() => paidOnDesk(loan.id), { timeout: 15_000 }).toBe(interestFor(1))
    await f.running.desk.tick()
    f.clock.advance(DAY) // the first due's grace has passed: paid, so no default
    await expect.poll(() => paidOnDesk(loan.id), { timeout: 15_000 }).toBe(interestFor(2))
    await f.running.desk.tick()
    const active = await f.agent.status(loan.id)
    expect(active.state).toBe('ACTIVE')
    expect(active.interest).toMatchObject({ accruedMsat: interestFor(2), arrearsMsat: 0n })

    const summary = await stream.stop()
    expect(summary.sentMsat).toBe(interestFor(2))
    expect(summary.unsentMsat).toBe(0n)
    // What the stream sent is what bob's node received and what the desk credited.
    await expect.poll(async () => (await bobLocalMsat()) - bobBefore).toBe(interestFor(2))
    const credited = (await f.agent.events(loan.id)).filter((e) => e.type === 'interest.paid')
    expect(credited.reduce((sum, e) => sum + (e.data.amountMsat as bigint), 0n)).toBe(
      interestFor(2),
    )
    expect(credited.every((e) => e.data.streamId === `loan-interest-${loan.id}`)).toBe(true)

    // The repayment asks the principal only: the interest is paid.
    const { invoice } = await f.agent.repay(loan.id)
    expect(invoice.amountMsat).toBe(500_000_000n)
    expect(await opened.lock.outcome).toEqual({ status: 'released' })
    await f.agent.waitForState(loan.id, ['REPAID'])
    expect(f.errors).toEqual([])
  })

  it('credits what was streamed while the desk was down, once, after its restart', async () => {
    const quote = await f.agent.quote({ principal: 50_000n })
    const opened = await f.agent.open({ quote })
    const loan = await f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    const stream = await f.agent.streamInterest(loan.id, {
      secret: new Uint8Array(randomBytes(32)),
      sendIntervalMs: 100,
    })
    f.clock.advance(DAY / 2)
    await expect.poll(() => paidOnDesk(loan.id), { timeout: 15_000 }).toBe(interestFor(0.5))

    await f.restart(async () => {
      // The desk is down: the stream goes on paying bob's node.
      f.clock.advance(DAY / 2)
      await expect.poll(() => stream.summary().sentMsat, { timeout: 15_000 }).toBe(interestFor(1))
    })
    await expect.poll(() => paidOnDesk(loan.id), { timeout: 15_000 }).toBe(interestFor(1))
    await stream.stop()
    // A second restart replays nothing twice.
    await f.restart()
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(await paidOnDesk(loan.id)).toBe(interestFor(1))

    await f.agent.repay(loan.id)
    await f.agent.waitForState(loan.id, ['REPAID'])
    expect(f.errors).toEqual([])
  })

  it('refuses a stream for the loan whose key the borrower’s node did not vouch for', async () => {
    const quote = await f.agent.quote({ principal: 50_000n })
    const opened = await f.agent.open({ quote })
    const loan = await f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    // The loan's stream id and metadata, but a key no node vouched for: it must not bind the stream.
    const forged = createStream(alice, {
      id: `loan-interest-${loan.id}`,
      destination: net.node('bob').pubkey,
      accrual: { msatPerSecond: 1_000_000n },
      sendIntervalMs: 100,
      capMsat: 5_000n,
      metadata: { loan: loan.id },
      secret: new Uint8Array(randomBytes(32)),
    })
    await forged.start()
    await expect
      .poll(() => f.errors.some((e) => e.includes('not authorized by its owner')), {
        timeout: 15_000,
      })
      .toBe(true)
    expect((await forged.stop()).sentMsat).toBe(5_000n)
    expect(await paidOnDesk(loan.id)).toBe(0n)

    // The borrower's own stream (its key signed by alice's node) is credited.
    const stream = await f.agent.streamInterest(loan.id, {
      secret: new Uint8Array(randomBytes(32)),
      sendIntervalMs: 100,
    })
    f.clock.advance(DAY)
    await expect.poll(() => paidOnDesk(loan.id), { timeout: 15_000 }).toBe(interestFor(1))
    await stream.stop()
    await f.agent.repay(loan.id)
    await f.agent.waitForState(loan.id, ['REPAID'])
    expect(f.errors.length).toBeGreaterThan(0)
    expect(f.errors.every((e) => e.includes('not authorized by its owner'))).toBe(true)
  })
})
