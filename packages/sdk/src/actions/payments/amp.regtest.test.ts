import { decodeInvoice, type Payment, UnsupportedError } from '@btcfi/core'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, describe, expect, it } from 'vitest'
import { createLightningClient } from '../../client/lightningActions.js'
import { closeContractTargets, contractTargets } from '../../testing/contract.js'
import { countingBackend } from '../../testing/countingBackend.js'
import { ownedMsat } from '../../testing/ownedMsat.js'

// AMP on lnd (v0.15 and later, on by default): spontaneous AMP payments
// (`keysend` with `amp`, carol runs `--accept-amp`) and AMP invoices
// (`createInvoice` with `amp`, paid by `payInvoice` with `amp`); and BOLT 12
// offers, which lnd cannot pay, refused before any node call.

const net = await getTestNetwork()
const targets = await contractTargets(net, ['alice', 'bob', 'carol'])
afterAll(closeContractTargets)

/** bob's fee on each share of a payment: lnd's default policy, 1000 msat base + 1 ppm. */
function bobsFee(payment: Payment): bigint {
  return payment.htlcs
    .filter((h) => h.status === 'SUCCEEDED')
    .reduce((sum, h) => sum + 1_000n + h.route.hops.at(-1)!.amountToForwardMsat / 1_000_000n, 0n)
}

const OFFER = 'lno1pgx9getnwss8vetrw3hhyuckyypwa3eyt44h6txtxquqh7lz5djge4afgfjn7k4rgrkuag0jsd5xvxg'

describe.each(targets)('AMP on the regtest network over %s', (_kind, target) => {
  const { alice, bob, carol } = target

  it('keysend with amp pays carol through bob: she gains the amount, alice pays it and the fee', async () => {
    const before = {
      alice: await ownedMsat(alice),
      bob: await ownedMsat(bob),
      carol: await ownedMsat(carol),
    }
    const amountMsat = 12_000_000n
    const payment = await alice.keysend({
      dest: net.node('carol').pubkey,
      amountMsat,
      amp: true,
    })
    expect(payment).toMatchObject({ status: 'SUCCEEDED', valueMsat: amountMsat })
    const fee = bobsFee(payment)
    expect(payment.feeMsat).toBe(fee)
    // No keysend preimage record: the shares carry AMP's records instead.
    const shares = payment.htlcs.filter((h) => h.status === 'SUCCEEDED')
    for (const share of shares) {
      expect(share.route.hops.map((h) => h.pubkey)).toEqual([
        net.node('bob').pubkey,
        net.node('carol').pubkey,
      ])
      expect(Object.keys(share.route.hops.at(-1)!.customRecords)).not.toContain('5482373484')
    }

    const after = {
      alice: await ownedMsat(alice),
      bob: await ownedMsat(bob),
      carol: await ownedMsat(carol),
    }
    expect(after.carol - before.carol).toBe(amountMsat)
    expect(before.alice - after.alice).toBe(amountMsat + fee)
    expect(after.bob - before.bob).toBe(fee)
  })

  it('carol’s AMP invoice is paid with amp, twice: both settle, each under its own set id', async () => {
    const amountMsat = 4_000_000n
    const invoice = await carol.createInvoice({ amountMsat, memo: 'amp', amp: true })
    // lnd's AMP invoices carry feature 30 (compulsory AMP).
    expect(decodeInvoice(invoice.paymentRequest).features).toContainEqual({
      bit: 30,
      name: 'amp',
      required: true,
    })
    const before = { alice: await ownedMsat(alice), carol: await ownedMsat(carol) }

    const first = await alice.payInvoice({ paymentRequest: invoice.paymentRequest, amp: true })
    expect(first).toMatchObject({ status: 'SUCCEEDED', valueMsat: amountMsat })
    // The payment is kept under the set id lnd drew, not the invoice's hash.
    expect(first.paymentHash).not.toBe(invoice.paymentHash)
    // lnd shows the invoice SETTLED once a payment of it settled...
    const once = await carol.getInvoice({ paymentHash: invoice.paymentHash })
    expect(once).toMatchObject({ isAmp: true, state: 'SETTLED', amountPaidMsat: amountMsat })

    // ...and still takes more: paying it again pays again.
    const second = await alice.payInvoice({ paymentRequest: invoice.paymentRequest, amp: true })
    expect(second).toMatchObject({ status: 'SUCCEEDED', valueMsat: amountMsat })
    expect(second.paymentHash).not.toBe(first.paymentHash)
    const twice = await carol.getInvoice({ paymentHash: invoice.paymentHash })
    expect(twice).toMatchObject({ isAmp: true, state: 'SETTLED', amountPaidMsat: 2n * amountMsat })

    const after = { alice: await ownedMsat(alice), carol: await ownedMsat(carol) }
    expect(after.carol - before.carol).toBe(2n * amountMsat)
    expect(before.alice - after.alice).toBe(2n * amountMsat + first.feeMsat + second.feeMsat)
    expect(first.feeMsat).toBe(bobsFee(first))
    expect(second.feeMsat).toBe(bobsFee(second))
  })

  it('payInvoice refuses a BOLT 12 offer with UNSUPPORTED, before any node call', async () => {
    const { backend, calls } = countingBackend(await target.freshBackend('alice'))
    // No `network` given: even the chain look-up would be a call.
    const client = createLightningClient({ backend })
    for (const paymentRequest of [OFFER, `lightning:${OFFER}`]) {
      const error = await client.payInvoice({ paymentRequest }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UnsupportedError)
      expect(error).toMatchObject({
        code: 'UNSUPPORTED',
        feature: 'bolt12-offer',
        shortMessage: 'lnd cannot pay BOLT 12 offers; ask the payee for a BOLT 11 invoice.',
      })
    }
    expect(calls).toEqual([])
  })
})
