import { paymentHashOf, randomPreimage } from '@btcfi/core'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, describe, expect, it } from 'vitest'
import { closeContractTargets, contractTargets } from '../../testing/contract.js'
import { ownedMsat } from '../../testing/ownedMsat.js'
import type { HoldInvoiceUpdate } from './watchHoldInvoice.js'

const net = await getTestNetwork()
const targets = await contractTargets(net, ['alice', 'bob'])
afterAll(closeContractTargets)

describe.each(targets)('hold invoices on the regtest network over %s', (_kind, { alice, bob }) => {
  /** alice pays a hold invoice of bob (a direct channel, as a collateral lock would). */
  async function lock(amountMsat: bigint) {
    const preimage = randomPreimage()
    const paymentHash = paymentHashOf(preimage)
    const invoice = await bob.createHoldInvoice({
      paymentHash,
      amountMsat,
      cltvExpiry: 144,
      memo: 'collateral',
    })
    const updates: HoldInvoiceUpdate[] = []
    const unwatch = bob.watchHoldInvoice({ paymentHash, onUpdate: (u) => updates.push(u) })
    const statuses: string[] = []
    const payment = alice.payInvoice({
      paymentRequest: invoice.paymentRequest,
      onUpdate: (p) => statuses.push(p.status),
    })
    const held = await bob.waitForInvoice({ paymentHash, states: ['ACCEPTED'], timeoutMs: 30_000 })
    return { preimage, paymentHash, updates, unwatch, payment, held, statuses }
  }

  it('ACCEPTED → SETTLED: the payer stays IN_FLIGHT until the preimage is released', async () => {
    const amountMsat = 250_000_000n
    const before = { alice: await ownedMsat(alice), bob: await ownedMsat(bob) }
    const { preimage, paymentHash, updates, unwatch, payment, held, statuses } =
      await lock(amountMsat)
    try {
      expect(held.state).toBe('ACCEPTED')
      const height = (await bob.getInfo()).blockHeight
      await expect.poll(() => updates.map((u) => u.state)).toEqual(['OPEN', 'ACCEPTED'])
      const accepted = updates[1]!
      expect(accepted.heldMsat).toBe(amountMsat)
      expect(accepted.lowestExpiryHeight).toBeGreaterThanOrEqual(height + 144)

      // Held: the payer's payment is IN_FLIGHT, not failed, and its promise is still pending.
      // Tracking it from the payer's side keeps waiting too (stopped here after 1.5 s).
      // Stopped by its signal: AbortedError, the signal's reason (its timeout) as the cause.
      await expect(
        alice.trackPayment({ paymentHash, signal: AbortSignal.timeout(1_500) }),
      ).rejects.toMatchObject({
        name: 'AbortedError',
        code: 'ABORTED',
        cause: { name: 'TimeoutError' },
      })
      expect(statuses.every((s) => s === 'IN_FLIGHT')).toBe(true)
      let settled = false
      payment.then(() => (settled = true))
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(settled).toBe(false)
      const [channel] = (await alice.listChannels()).filter(
        (c) => c.remotePubkey === net.node('bob').pubkey,
      )
      expect(channel!.pendingHtlcs).toEqual([
        expect.objectContaining({ incoming: false, amountSat: 250_000n, hashLock: paymentHash }),
      ])

      await bob.settleHoldInvoice({ preimage })
      const paid = await payment
      expect(paid).toMatchObject({ status: 'SUCCEEDED', preimage, feeMsat: 0n })
      await expect.poll(() => updates.map((u) => u.state)).toEqual(['OPEN', 'ACCEPTED', 'SETTLED'])
      const after = { alice: await ownedMsat(alice), bob: await ownedMsat(bob) }
      expect(before.alice - after.alice).toBe(amountMsat)
      expect(after.bob - before.bob).toBe(amountMsat)
    } finally {
      unwatch()
    }
  })

  it('ACCEPTED → CANCELED: the HTLC fails back and the payer keeps the funds', async () => {
    const before = { alice: await ownedMsat(alice), bob: await ownedMsat(bob) }
    const { paymentHash, updates, unwatch, payment } = await lock(100_000_000n)
    try {
      // Settling needs the right preimage; canceling needs no secret.
      await expect(bob.settleHoldInvoice({ preimage: randomPreimage() })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      })
      await bob.cancelHoldInvoice({ paymentHash })
      await expect(payment).rejects.toMatchObject({
        code: 'PAYMENT_FAILED',
        failureReason: 'INCORRECT_PAYMENT_DETAILS',
      })
      await expect.poll(() => updates.map((u) => u.state)).toEqual(['OPEN', 'ACCEPTED', 'CANCELED'])
      const after = { alice: await ownedMsat(alice), bob: await ownedMsat(bob) }
      expect(after.alice).toBe(before.alice)
      expect(after.bob).toBe(before.bob)
    } finally {
      unwatch()
    }
  })

  it('refuses to settle a hold invoice that nobody paid yet', async () => {
    const preimage = randomPreimage()
    await bob.createHoldInvoice({ paymentHash: paymentHashOf(preimage), amountMsat: 1_000n })
    await expect(bob.settleHoldInvoice({ preimage })).rejects.toMatchObject({
      code: 'INVOICE_STATE',
    })
    await bob.cancelHoldInvoice({ paymentHash: paymentHashOf(preimage) })
  })
})
