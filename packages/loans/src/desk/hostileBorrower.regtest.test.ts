import { decodeInvoice, paymentHashOf, randomPreimage } from '@btcfi/core'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { describe, expect, it } from 'vitest'
import { agreementOf } from '../loan/agreementOf.js'
import { agreementSigningText } from '../protocol/signedRequest.js'
import { maxPayoutFinalCltv, safeDeadlineHeight } from '../terms/lockCltvExpiry.js'
import { testTerms } from '../testing/deskFixture.js'
import { deskTestBed } from '../testing/deskTestBed.js'
import { lndPost } from '../testing/lndRest.js'

// alice borrows from bob's desk and tries to keep both the principal and the
// collateral: she names a hold invoice of her own node as the disbursement
// invoice and holds the desk's payment, hoping to outlast the collateral lock.

const net = await getTestNetwork()
const bed = deskTestBed(net)
const { alice, balances } = bed

describe('a borrower who holds the principal', () => {
  it('a disbursement invoice with a 1,000-block final CLTV is refused before anything is locked', async () => {
    const before = await balances()
    const quote = await bed.f.agent.quote({ principal: 50_000n })
    const preimage = randomPreimage()
    const own = await alice.createHoldInvoice({
      paymentHash: paymentHashOf(preimage),
      amountMsat: quote.principalMsat,
      cltvExpiry: 1_000,
    })
    await expect(
      bed.f.agent.open({ quote, disbursementInvoice: own.paymentRequest }),
    ).rejects.toMatchObject({ reason: 'DISBURSEMENT_INVOICE' })
    await alice.cancelHoldInvoice({ paymentHash: own.paymentHash })
    expect(await bed.f.store.listLoans()).toEqual([])
    expect(await balances()).toEqual(before)
  })

  it('the principal paid into her own hold invoice expires before the lock must be settled; held, then given up, everything goes back to the msat', async () => {
    const before = await balances()
    const quote = await bed.f.agent.quote({ principal: 50_000n })
    const preimage = randomPreimage()
    // The longest final CLTV the desk takes: she holds the principal as long as lnd lets her.
    const finalCltv = maxPayoutFinalCltv(testTerms.lock)
    const own = await alice.createHoldInvoice({
      paymentHash: paymentHashOf(preimage),
      amountMsat: quote.principalMsat,
      cltvExpiry: finalCltv,
    })
    const opened = await bed.f.agent.open({ quote, disbursementInvoice: own.paymentRequest })
    // The desk took the lock and paid into alice's hold invoice, which she holds.
    await expect
      .poll(async () => (await alice.getInvoice({ paymentHash: own.paymentHash })).state, {
        timeout: 30_000,
      })
      .toBe('ACCEPTED')
    const held = await alice.getInvoice({ paymentHash: own.paymentHash })
    const loan = (await bed.f.store.getLoan(opened.loan.id))!
    expect(loan.state).toBe('DISBURSING')
    const lockExpiry = loan.locks[0]!.expiryHeight!
    const principalExpiry = Math.max(...held.htlcs.map((h) => h.expiryHeight))
    // Holding the principal to its very end still leaves the desk the safety
    // margin to see it resolved before it must settle or lose the lock.
    expect(principalExpiry).toBeLessThanOrEqual(
      safeDeadlineHeight(testTerms.lock, lockExpiry) - testTerms.lock.safetyMarginBlocks,
    )

    // She gives up: the principal fails back, the desk releases the collateral.
    await alice.cancelHoldInvoice({ paymentHash: own.paymentHash })
    expect(await opened.lock.outcome).toEqual({ status: 'released' })
    const canceled = await bed.f.agent.waitForState(opened.loan.id, ['CANCELED'])
    expect(canceled.disbursement).toMatchObject({ status: 'FAILED' })
    expect(canceled.locks.map((l) => l.state)).toEqual(['CANCELED'])
    expect(await balances()).toEqual(before)
  })

  it('while she holds the principal, the desk restarts, serves her other loan and shuts down: a held payment blocks nothing', async () => {
    const before = await balances()
    const quote = await bed.f.agent.quote({ principal: 50_000n })
    const preimage = randomPreimage()
    const own = await alice.createHoldInvoice({
      paymentHash: paymentHashOf(preimage),
      amountMsat: quote.principalMsat,
      cltvExpiry: 40,
    })
    const held = await bed.f.agent.open({ quote, disbursementInvoice: own.paymentRequest })
    await expect
      .poll(async () => (await alice.getInvoice({ paymentHash: own.paymentHash })).state, {
        timeout: 30_000,
      })
      .toBe('ACCEPTED')
    // A second loan, listed after the held one.
    const other = await bed.f.agent.open({ quote: await bed.f.agent.quote({ principal: 20_000n }) })
    await bed.f.agent.waitForState(other.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })

    // Stopping waits for nothing held; starting again (recover, then listen) neither.
    const started = Date.now()
    await within(15_000, 'the desk restart', bed.f.restart())
    expect(Date.now() - started).toBeLessThan(15_000)
    expect((await bed.f.agent.status(held.loan.id)).state).toBe('DISBURSING')
    // The other loan is served and closed as usual.
    await bed.f.agent.repay(other.loan.id)
    await bed.f.agent.waitForState(other.loan.id, ['REPAID'])

    // She gives up: the restarted desk, following the payment by its hash, releases her collateral.
    await alice.cancelHoldInvoice({ paymentHash: own.paymentHash })
    const canceled = await bed.f.agent.waitForState(held.loan.id, ['CANCELED'], {
      timeoutMs: 30_000,
    })
    expect(canceled.disbursement).toMatchObject({ status: 'FAILED' })
    expect(canceled.locks.map((l) => l.state)).toEqual(['CANCELED'])
    expect(await balances()).toEqual(before)
  })

  it('a lock paid by a route of her own with a short final CLTV is refused before anything is held: nothing moves', async () => {
    const before = await balances()
    const desk = bed.f.running.desk
    const me = await bed.f.agent.pubkey()
    // She opens by hand, to pay the lock herself.
    const quote = await desk.quote({ borrowerPubkey: me, principal: 20_000n, currency: 'USD' })
    const own = await alice.createInvoice({ amountMsat: quote.principalMsat, cltvExpiry: 80 })
    const agreement = agreementOf(quote, own.paymentHash)
    const { signature } = await alice.signMessage({ message: agreementSigningText(agreement) })
    const opened = await desk.open({
      borrowerPubkey: me,
      quoteId: quote.id,
      disbursementInvoice: own.paymentRequest,
      borrowerSignature: signature,
    })
    const lockInvoice = decodeInvoice(opened.lockInvoice)
    // A direct route to the desk whose HTLC expires 40 blocks out, not the lock's 480.
    const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64')
    const { route } = await lndPost<{ route: unknown }>(net.node('alice'), '/v2/router/route', {
      amt_msat: String(quote.collateralSat * 1_000n),
      final_cltv_delta: 40,
      hop_pubkeys: [b64(desk.pubkey)],
      payment_addr: b64(lockInvoice.paymentSecret!),
    })
    const attempt = await lndPost<{ status: string; failure?: { code: string } }>(
      net.node('alice'),
      '/v2/router/route/send',
      { payment_hash: b64(lockInvoice.paymentHash), route },
    )
    expect(attempt.status).toBe('FAILED')
    expect(attempt.failure?.code).toBe('INCORRECT_OR_UNKNOWN_PAYMENT_DETAILS')
    expect((await desk.getLoan(opened.loan.id))?.state).toBe('AWAITING_LOCK')
    // The lock invoice lapses (here: canceled at once), and the loan with it.
    await bed.bob.cancelHoldInvoice({ paymentHash: lockInvoice.paymentHash })
    await expect.poll(async () => (await desk.getLoan(opened.loan.id))?.state).toBe('CANCELED')
    expect(await balances()).toEqual(before)
  })
})

/** `promise`, or a failure naming `what` once `ms` have passed. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
