import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeInvoice, type Hex, type Payment, paymentHashOf, randomPreimage } from '@btcfi/core'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { createInvoice, payInvoice, signMessage } from '@btcfi/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deskCaller } from '../agent/deskCaller.js'
import { isLoanError } from '../errors/LoanError.js'
import { agreementOf } from '../loan/agreementOf.js'
import type { Quote } from '../loan/Quote.js'
import { agreementSigningText } from '../protocol/signedRequest.js'
import { safeDeadlineHeight } from '../terms/lockCltvExpiry.js'
import { clientsOf, keepBalances } from '../testing/clients.js'
import { type DeskFixture, deskFixture, shortLock, testTerms } from '../testing/deskFixture.js'
import { escrowClient } from './escrowClient.js'
import { expectedEscrowClaim } from './expectedEscrowClaim.js'
import { sealPreimage } from './sealPreimage.js'
import { escrowDeskTest } from './testing/escrowDeskTest.js'
import { type SpawnedEscrowAgent, spawnEscrowAgent } from './testing/spawnEscrowAgent.js'

// Protocol v2 on the regtest network: bob lends, alice borrows, and an escrow
// agent in a process of its own (reading the chain from carol's node, its
// price from a file the test writes) holds every lock's preimage. Each test
// checks alice's and bob's balances to the msat.

const net = await getTestNetwork()
const { alice, bob, carol } = clientsOf(net)
const lock = shortLock
const DAY = 86_400_000
const dir = mkdtempSync(join(tmpdir(), 'escrow-loans-'))

let escrow: SpawnedEscrowAgent
let f: DeskFixture
const shared = keepBalances(bob, { borrower: alice, others: [carol] })
beforeAll(async () => {
  await shared.prepare()
  escrow = await spawnEscrowAgent({ node: net.node('carol'), dir })
  f = await deskFixture(bob, alice, {
    terms: { ...testTerms, lock },
    deskOptions: {
      escrow: {
        agents: [{ pubkey: escrow.pubkey, url: escrow.url }],
        disputeWindowMs: DAY,
        retryMs: 0,
      },
    },
    // The borrower names the agent she trusts, and reaches it herself.
    agentOptions: { escrow: { agent: escrow.pubkey, url: escrow.url } },
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

const refused = async (promise: Promise<unknown>, reason: string) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(isLoanError(error) && error.reason).toBe(reason)
}

/** A $200 loan at $100,000 (400,000 sat), disbursed to alice's own node. */
async function openLoan() {
  // The desk's clock stands still while the agent's runs: set a minute behind,
  // the agent holds the lock before the desk's loan begins, as it does live.
  escrow.setClock(f.clock.now() - 60_000)
  const quote = await f.agent.quote({ principal: 20_000n })
  expect(quote.escrow?.agentPubkey).toBe(escrow.pubkey)
  const opened = await f.agent.open({ quote })
  expect(opened.agreement.protocol).toBe('btcfi-loan/2')
  const loan = await f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
  return { opened, loan, lockHash: held(loan)[0]!.paymentHash }
}

describe('protocol v2: an escrow agent holds the lock preimage', () => {
  it('releases a liquidation at its own price: the desk settles the lock and returns the surplus', async () => {
    const before = await balances()
    const { opened, loan, lockHash } = await openLoan()
    // The lock is alice's hash: the desk could not settle it on its own.
    expect(opened.lock.paymentHash).toBe(lockHash)
    await refused(lender().release(lockHash, 'liquidation'), 'ESCROW_REFUSED')
    // $200 against 400,000 sat reaches 90% at $55,555: both see $55,000.
    setPrices(5_500_000n)
    await f.running.desk.tick()
    const done = await f.agent.waitForState(loan.id, ['LIQUIDATED'])
    expect(done.liquidation).toMatchObject({
      reason: 'ltv',
      collateralSat: 400_000n,
      surplusStatus: 'SUCCEEDED',
    })
    expect((await lender().status(lockHash)).released?.ground).toBe('liquidation')
    expect(await opened.lock.outcome).toMatchObject({ status: 'settled' })
    expectLiquidated(before, await balances(), done)
    setPrices(10_000_000n)
  })

  it('refuses a liquidation at a price it does not see: nothing is settled, and the repaid loan gets its collateral back', async () => {
    const before = await balances()
    const { opened, loan, lockHash } = await openLoan()
    f.oracle.set(5_500_000n) // the desk's price only
    const errors = f.errors.length
    await f.running.desk.tick()
    await f.running.desk.whenIdle()
    expect(f.errors.slice(errors).join('\n')).toMatch(/does not release this lock/)
    const after = await f.agent.status(loan.id)
    expect(after.state).toBe('ACTIVE')
    expect(held(after).map((l) => l.paymentHash)).toEqual([lockHash])
    expect((await lender().status(lockHash)).released).toBeUndefined()
    // Refused, the loan goes on: at its rollover point the desk still offers a rollover
    // (to her, and at the agent), and asks the agent again.
    const deadline = safeDeadlineHeight(lock, held(after)[0]!.expiryHeight!)
    await mineTo(deadline - lock.rolloverLeadBlocks)
    await f.running.desk.tick()
    await f.running.desk.whenIdle()
    expect((await f.agent.events(loan.id)).map((e) => e.type)).toContain('rollover.requested')
    expect((await lender().status(lockHash)).hold.rolloverOfferedAtHeight).toBeDefined()
    expect((await f.agent.status(loan.id)).state).toBe('ACTIVE')
    f.oracle.set(10_000_000n)
    const { payment } = await f.agent.repay(loan.id)
    expect(await opened.lock.outcome).toEqual({ status: 'released' })
    await f.agent.waitForState(loan.id, ['REPAID'])
    const now = await balances()
    expect(now.alice - before.alice).toBe(200_000_000n - payment.valueMsat - payment.feeMsat)
    expect(now.bob - before.bob).toBe(-200_000_000n + payment.valueMsat)
  })

  it('refuses a default the borrower disproves with the desk’s signed invoice', async () => {
    const before = await balances()
    const { loan, lockHash } = await openLoan()
    // Two days pass: the first interest fell due and its grace ran out; alice pays what is due.
    f.clock.advance(2 * DAY + 1_000)
    escrow.setClock(f.clock.now())
    const paid = (await f.agent.payInterest(loan.id)) as Payment
    expect(paid.preimage).toBeDefined()
    const dueAtMs = loan.disbursedAtMs! + DAY
    // The desk (hostile) claims that due unpaid all the same.
    await lender().claimDefault(lockHash, { kind: 'interest', dueAtMs })
    // An answer that proves nothing (a made-up preimage) is refused ...
    await refused(
      f.agent.answerDefault(loan.id, [{ ...paid, preimage: randomPreimage() }]),
      'ESCROW_REFUSED',
    )
    // ... hers is taken, and the window passing changes nothing.
    await f.agent.answerDefault(loan.id, [paid])
    expect((await lender().status(lockHash)).hold.dispute).toMatchObject({ answered: true })
    f.clock.advance(2 * DAY)
    escrow.setClock(f.clock.now())
    await refused(lender().release(lockHash, 'default'), 'ESCROW_REFUSED')
    // The same claim again does not reopen it.
    await lender().claimDefault(lockHash, { kind: 'interest', dueAtMs })
    await refused(lender().release(lockHash, 'default'), 'ESCROW_REFUSED')
    const repaid = await f.agent.repay(loan.id)
    await f.agent.waitForState(loan.id, ['REPAID'])
    const now = await balances()
    const outMsat = paid.valueMsat + repaid.payment.valueMsat
    expect(now.alice - before.alice).toBe(200_000_000n - outMsat)
    expect(now.bob - before.bob).toBe(-200_000_000n + outMsat)
  })

  it('a vanished borrower: the desk claims the missed interest, and the agent releases once the dispute window passed', async () => {
    const before = await balances()
    const { opened, loan, lockHash } = await openLoan()
    f.clock.advance(2 * DAY + 1_000) // a due, unpaid past its grace
    escrow.setClock(f.clock.now())
    await f.running.desk.tick()
    await f.running.desk.whenIdle()
    const claimed = await lender().status(lockHash)
    expect(claimed.hold.dispute).toMatchObject({ kind: 'interest', answered: false })
    expect((await f.agent.status(loan.id)).state).toBe('ACTIVE')
    // The window (a day) passes with no answer (the agent's clock runs on from the one set).
    f.clock.advance(DAY + 1_000)
    escrow.setClock(f.clock.now())
    await f.running.desk.tick()
    const done = await f.agent.waitForState(loan.id, ['LIQUIDATED'])
    expect(done.liquidation?.reason).toBe('interest-default')
    expect((await lender().status(lockHash)).released?.ground).toBe('default')
    expect(await opened.lock.outcome).toMatchObject({ status: 'settled' })
    expectLiquidated(before, await balances(), done)
  })

  it('a vanished borrower at the lock deadline: the agent releases there, and not a block before', async () => {
    const before = await balances()
    const { opened, loan, lockHash } = await openLoan()
    const deadline = safeDeadlineHeight(lock, held(loan)[0]!.expiryHeight!)
    const named = (await lender().status(lockHash)).hold.safeDeadlineHeight
    expect(named).toBeLessThanOrEqual(deadline)
    await mineTo(named - 1)
    await refused(lender().release(lockHash, 'lock-deadline'), 'ESCROW_REFUSED')
    // The desk asks alice for a rollover lock's hash; she does not answer.
    await mineTo(deadline - lock.rolloverLeadBlocks)
    await f.running.desk.tick()
    expect((await f.agent.events(loan.id)).map((e) => e.type)).toContain('rollover.requested')
    await mineTo(deadline)
    await f.running.desk.tick()
    const done = await f.agent.waitForState(loan.id, ['LIQUIDATED'])
    expect(done.liquidation).toMatchObject({ reason: 'lock-deadline', penaltyBps: 500n })
    expect((await lender().status(lockHash)).released?.ground).toBe('lock-deadline')
    expect(await opened.lock.outcome).toMatchObject({ status: 'settled' })
    expectLiquidated(before, await balances(), done)
  })

  it('a rollover: a new preimage and attestation, the old lock retired at the agent and canceled', async () => {
    const before = await balances()
    const { opened, loan, lockHash } = await openLoan()
    const deadline = safeDeadlineHeight(lock, held(loan)[0]!.expiryHeight!)
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
    const rolled = await f.agent.status(loan.id)
    const next = held(rolled)[0]!
    expect(next).toMatchObject({ purpose: 'rollover', amountSat: 400_000n })
    expect(next.paymentHash).not.toBe(lockHash)
    expect((await lender().status(lockHash)).hold.rolledOver).toBe(true)
    expect((await lender().status(next.paymentHash)).hold.rolledOver).toBe(false)
    // The old lock is never released again; the new one at the agent's price.
    setPrices(5_500_000n)
    await refused(lender().release(lockHash, 'liquidation'), 'ESCROW_REFUSED')
    await f.running.desk.tick()
    const done = await f.agent.waitForState(loan.id, ['LIQUIDATED'])
    expect(done.liquidation?.collateralSat).toBe(400_000n)
    expect((await lender().status(next.paymentHash)).released?.ground).toBe('liquidation')
    expectLiquidated(before, await balances(), done)
    setPrices(10_000_000n)
  })
})

describe('protocol v2: a hostile borrower', () => {
  /** What a borrower sends by hand: a quote, her own invoice for the principal, her signature of the agreement. */
  async function handmade() {
    const quote: Quote = await f.agent.quote({ principal: 20_000n })
    const invoice = await createInvoice(alice, {
      amountMsat: quote.principalMsat,
      memo: 'principal',
      expirySeconds: 3_600,
      cltvExpiry: 24,
    })
    const agreement = agreementOf(quote, decodeInvoice(invoice.paymentRequest).paymentHash)
    const { signature } = await signMessage(alice, { message: agreementSigningText(agreement) })
    const call = deskCaller({
      client: alice,
      deskUrl: f.running.url,
      now: f.clock.now,
      pubkey: async () => (await alice.getInfo()).pubkey,
    })
    const open = (named: { paymentHash: Hex; attestation: unknown }) =>
      call<{ lockInvoice: string }>('POST', 'v1/loans', {
        quoteId: quote.id,
        disbursementInvoice: invoice.paymentRequest,
        borrowerSignature: signature,
        lock: named,
      })
    return { quote, agreement, open }
  }

  async function deposit(
    agreement: ReturnType<typeof agreementOf>,
    change: { collateralSat?: bigint; safeDeadlineHeight?: number; wrongPreimage?: boolean },
  ) {
    const preimage = randomPreimage()
    const paymentHash = paymentHashOf(preimage)
    const expected = expectedEscrowClaim(agreement, paymentHash, agreement.collateralSat)
    const height = (await alice.getInfo()).blockHeight
    const attestation = await escrowClient({ url: escrow.url }).deposit({
      hold: {
        loanId: agreement.loanId,
        agreementHash: expected.agreementHash,
        paymentHash,
        ...expected.terms,
        collateralSat: change.collateralSat ?? agreement.collateralSat,
        safeDeadlineHeight: change.safeDeadlineHeight ?? height + lock.periodBlocks,
      },
      sealed: sealPreimage(change.wrongPreimage ? randomPreimage() : preimage, escrow.pubkey, {
        loanId: agreement.loanId,
        paymentHash,
      }),
    })
    return { paymentHash, attestation }
  }

  it('a wrong preimage gets no attestation; terms of her own or a forged attestation get no lock and no principal', async () => {
    const before = await balances()
    const { agreement, open, quote } = await handmade()
    await refused(deposit(agreement, { wrongPreimage: true }), 'ESCROW_PREIMAGE')
    // Ten times the collateral the lock holds: the agent would never see the LTV reached.
    await refused(
      open(await deposit(agreement, { collateralSat: agreement.collateralSat * 10n })),
      'ESCROW_ATTESTATION',
    )
    // An attestation of the real terms with its signature changed.
    const real = await deposit(agreement, {})
    const flipped = `${real.attestation.signature.slice(0, -2)}${real.attestation.signature.endsWith('00') ? '01' : '00'}`
    await refused(
      open({ ...real, attestation: { ...real.attestation, signature: flipped } }),
      'ESCROW_ATTESTATION',
    )
    // Another lock's attestation for this hash.
    await refused(
      open({ paymentHash: paymentHashOf(randomPreimage()), attestation: real.attestation }),
      'ESCROW_ATTESTATION',
    )
    expect(await f.running.desk.getLoan(quote.id)).toBeUndefined()
    expect(await balances()).toEqual(before)
  })

  it('a deadline later than the lock’s own: the lock is refused once paid, and no principal leaves', async () => {
    const before = await balances()
    const { agreement, open, quote } = await handmade()
    const height = (await alice.getInfo()).blockHeight
    const late = await deposit(agreement, { safeDeadlineHeight: height + 10 * lock.periodBlocks })
    const { lockInvoice } = await open(late)
    await expect(
      payInvoice(alice, { paymentRequest: lockInvoice, cltvLimit: lock.maxCltvExpiry }),
    ).rejects.toMatchObject({ code: 'PAYMENT_FAILED' })
    const loan = await f.agent.waitForState(quote.id, ['CANCELED'])
    expect(loan.disbursement).toBeUndefined()
    expect((await f.agent.events(quote.id)).map((e) => e.type)).toContain('lock.rejected')
    expect(await balances()).toEqual(before)
  })
})

describe('protocol v2: a vanished lender', () => {
  it('the lock expires in lnd and the collateral comes back; the borrower keeps the principal', async () => {
    const before = await balances()
    const { opened, loan } = await openLoan()
    const expiry = held(loan)[0]!.expiryHeight!
    // The desk is gone, and nobody settles or cancels.
    await f.restart(async () => {
      // lnd cancels a held invoice holdexpirydelta blocks before its HTLC expires.
      await mineTo(expiry - lock.holdExpiryDeltaBlocks + 1)
      expect(await opened.lock.outcome).toEqual({ status: 'released' })
      const now = await balances()
      expect(now.alice - before.alice).toBe(200_000_000n)
      expect(now.bob - before.bob).toBe(-200_000_000n)
    })
  })
})
