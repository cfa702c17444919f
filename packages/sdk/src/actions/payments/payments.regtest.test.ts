import { hasErrorCode, type Payment, paymentHashOf, randomPreimage, utf8ToBytes } from '@btcfi/core'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, describe, expect, it } from 'vitest'
import { clientFor } from '../../testing/clients.js'
import { closeContractTargets, contractTargets } from '../../testing/contract.js'
import { ownedMsat } from '../../testing/ownedMsat.js'

const net = await getTestNetwork()
const targets = await contractTargets(net, ['alice', 'bob', 'carol'])
afterAll(closeContractTargets)

describe.each(targets)(
  'payments on the regtest network over %s',
  (_kind, { alice, bob, carol, fresh }) => {
    it('pays across a hop, with the fee checked on both ends', async () => {
      const before = {
        alice: await ownedMsat(alice),
        bob: await ownedMsat(bob),
        carol: await ownedMsat(carol),
      }
      const amountMsat = 21_000_000n
      const invoice = await carol.createInvoice({ amountMsat, memo: 'across a hop' })
      const updates: Payment['status'][] = []
      const payment = await alice.payInvoice({
        paymentRequest: invoice.paymentRequest,
        onUpdate: (p) => updates.push(p.status),
      })
      // bob charges lnd's default policy: 1000 msat base + 1 ppm.
      const fee = 1_000n + (amountMsat * 1n) / 1_000_000n
      expect(payment).toMatchObject({ status: 'SUCCEEDED', valueMsat: amountMsat, feeMsat: fee })
      expect(paymentHashOf(payment.preimage!)).toBe(invoice.paymentHash)
      expect(updates.at(-1)).toBe('SUCCEEDED')
      expect(updates).toContain('IN_FLIGHT')
      const route = payment.htlcs.find((h) => h.status === 'SUCCEEDED')!.route
      expect(route.hops.map((h) => h.pubkey)).toEqual([
        net.node('bob').pubkey,
        net.node('carol').pubkey,
      ])

      const after = {
        alice: await ownedMsat(alice),
        bob: await ownedMsat(bob),
        carol: await ownedMsat(carol),
      }
      expect(before.alice - after.alice).toBe(amountMsat + fee)
      expect(after.carol - before.carol).toBe(amountMsat)
      expect(after.bob - before.bob).toBe(fee)
      expect((await carol.getInvoice({ paymentHash: invoice.paymentHash })).state).toBe('SETTLED')
    })

    it('pays an invoice once, however often it is paid, at once or later', async () => {
      const amountMsat = 3_000_000n
      const invoice = await carol.createInvoice({ amountMsat })
      const before = await ownedMsat(alice)
      const [a, b] = await Promise.all([
        alice.payInvoice({ paymentRequest: invoice.paymentRequest }),
        alice.payInvoice({ paymentRequest: invoice.paymentRequest }),
      ])
      // A fresh client (no shared state): lnd refuses the second send (already
      // paid), and the client returns lnd's payment; nothing more is paid.
      const c = await (await fresh('alice')).payInvoice({
        paymentRequest: invoice.paymentRequest,
      })
      expect(a.preimage).toBe(b.preimage)
      expect(c.preimage).toBe(a.preimage)
      expect(c.paymentIndex).toBe(a.paymentIndex)
      expect(before - (await ownedMsat(alice))).toBe(amountMsat + a.feeMsat)
      const settled = await carol.getInvoice({ paymentHash: invoice.paymentHash })
      expect(settled.amountPaidMsat).toBe(amountMsat)
      expect(settled.htlcs.filter((h) => h.state === 'SETTLED')).toHaveLength(1)
    })

    it('a second client paying a payment still in flight follows it, and it is paid once', async () => {
      // As a wallet that crashed mid-payment and pays the same invoice again:
      // lnd answers "in transition" and the new client follows the payment.
      const amountMsat = 2_000_000n
      const preimage = randomPreimage()
      const paymentHash = paymentHashOf(preimage)
      const invoice = await carol.createHoldInvoice({ paymentHash, amountMsat })
      const before = await ownedMsat(alice)
      const first = alice.payInvoice({ paymentRequest: invoice.paymentRequest })
      try {
        await carol.waitForInvoice({ paymentHash, states: ['ACCEPTED'], timeoutMs: 30_000 })
        const updates: string[] = []
        const second = (await fresh('alice')).payInvoice({
          paymentRequest: invoice.paymentRequest,
          onUpdate: (p) => updates.push(p.status),
        })
        await expect.poll(() => updates).toContain('IN_FLIGHT')
        await carol.settleHoldInvoice({ preimage })
        const [a, b] = await Promise.all([first, second])
        expect(b.preimage).toBe(preimage)
        expect(b.paymentIndex).toBe(a.paymentIndex)
        expect(before - (await ownedMsat(alice))).toBe(amountMsat + a.feeMsat)
        const settled = await carol.getInvoice({ paymentHash })
        expect(settled.htlcs.filter((h) => h.state === 'SETTLED')).toHaveLength(1)
      } finally {
        await carol.cancelHoldInvoice({ paymentHash }).catch(() => undefined)
        await first.catch(() => undefined)
      }
    })

    it('sends keysend with custom TLV records that the receiver reads back', async () => {
      const preimage = randomPreimage()
      const record = utf8ToBytes(JSON.stringify({ action: 'stream', value_msat: 5000 }))
      const payment = await alice.keysend({
        dest: net.node('carol').pubkey,
        amountMsat: 5_000n,
        preimage,
        customRecords: { '7629169': record, '696969': new Uint8Array([1, 2, 3]) },
      })
      expect(payment.status).toBe('SUCCEEDED')
      expect(payment.paymentHash).toBe(paymentHashOf(preimage))
      const received = await carol.getInvoice({ paymentHash: payment.paymentHash })
      expect(received).toMatchObject({ isKeysend: true, state: 'SETTLED', amountPaidMsat: 5_000n })
      const records = received.htlcs[0]!.customRecords
      expect(records['7629169']).toEqual(record)
      expect(records['696969']).toEqual(new Uint8Array([1, 2, 3]))
      expect(records['5482373484']).toBeDefined()
      // The same preimage again is the same payment: not sent twice.
      const again = await alice.keysend({
        dest: net.node('carol').pubkey,
        amountMsat: 5_000n,
        preimage,
      })
      expect(again.paymentIndex).toBe(payment.paymentIndex)
    })

    it('tracks a finished payment and refuses an unknown hash', async () => {
      const invoice = await bob.createInvoice({ amountMsat: 1_000_000n })
      const paid = await alice.payInvoice({ paymentRequest: invoice.paymentRequest })
      const tracked = await alice.trackPayment({ paymentHash: invoice.paymentHash })
      expect(tracked).toMatchObject({ status: 'SUCCEEDED', preimage: paid.preimage })
      await expect(
        alice.trackPayment({ paymentHash: paymentHashOf(randomPreimage()) }),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
      })
    })

    it('keeps every HTLC within cltvLimit: a route that would lock longer is not taken, and nothing moves', async () => {
      // alice → bob → carol: bob's 80-block delta + carol's 40 blocks + lnd's 3 of padding.
      const invoice = await carol.createInvoice({ amountMsat: 2_000_000n, cltvExpiry: 40 })
      const before = { alice: await ownedMsat(alice), carol: await ownedMsat(carol) }
      await expect(
        alice.payInvoice({ paymentRequest: invoice.paymentRequest, cltvLimit: 100 }),
      ).rejects.toMatchObject({ code: 'PAYMENT_FAILED', failureReason: 'NO_ROUTE' })
      expect({ alice: await ownedMsat(alice), carol: await ownedMsat(carol) }).toEqual(before)
      expect((await carol.getInvoice({ paymentHash: invoice.paymentHash })).state).toBe('OPEN')
      const height = (await alice.getInfo()).blockHeight
      const payment = await (await fresh('alice')).payInvoice({
        paymentRequest: invoice.paymentRequest,
        cltvLimit: 200,
      })
      const route = payment.htlcs.find((h) => h.status === 'SUCCEEDED')!.route
      expect(route.totalTimeLock - height).toBeGreaterThan(100)
      expect(route.totalTimeLock - height).toBeLessThanOrEqual(200)
      // keysend: a final delta beyond the limit is refused the same way.
      await expect(
        alice.keysend({
          dest: net.node('carol').pubkey,
          amountMsat: 1_000n,
          finalCltvDelta: 40,
          cltvLimit: 100,
        }),
      ).rejects.toMatchObject({ code: 'PAYMENT_FAILED', failureReason: 'NO_ROUTE' })
    })

    it('reports a payment to an unknown hash as failed, with the reason', async () => {
      await expect(
        alice.keysend({ dest: net.node('carol').pubkey, amountMsat: 100_000_000_000n }),
      ).rejects.toSatisfy((error) => hasErrorCode(error, 'PAYMENT_FAILED'))
    })

    it('lists the payments a page at a time: the pages meet, oldest first, failed ones on request', async () => {
      const [newest] = (
        await alice.listPayments({ reversed: true, maxPayments: 1, includeIncomplete: true })
      ).payments
      const start = newest?.paymentIndex ?? 0n
      const paid: string[] = []
      for (const amountMsat of [1_001_000n, 1_002_000n, 1_003_000n]) {
        const invoice = await carol.createInvoice({ amountMsat })
        paid.push((await alice.payInvoice({ paymentRequest: invoice.paymentRequest })).paymentHash)
      }
      // A fee limit below bob's fee: lnd records the payment, FAILED with NO_ROUTE.
      const unpaid = await carol.createInvoice({ amountMsat: 1_004_000n })
      await expect(
        alice.payInvoice({ paymentRequest: unpaid.paymentRequest, feeLimitMsat: 0n }),
      ).rejects.toMatchObject({ code: 'PAYMENT_FAILED' })

      const first = await alice.listPayments({ indexOffset: start, maxPayments: 2 })
      const second = await alice.listPayments({
        indexOffset: first.lastIndexOffset,
        maxPayments: 2,
      })
      expect([...first.payments, ...second.payments].map((p) => p.paymentHash)).toEqual(paid)
      expect(first.payments.map((p) => p.valueMsat)).toEqual([1_001_000n, 1_002_000n])
      expect(second.payments.every((p) => p.status === 'SUCCEEDED')).toBe(true)
      expect(first.firstIndexOffset).toBe(first.payments[0]!.paymentIndex)
      expect(first.lastIndexOffset).toBe(first.payments[1]!.paymentIndex)
      // Backwards from the end of the second page: the first page again.
      const back = await alice.listPayments({
        indexOffset: second.firstIndexOffset,
        maxPayments: 2,
        reversed: true,
      })
      expect(back.payments.map((p) => p.paymentHash)).toEqual(paid.slice(0, 2))
      const all = await alice.listPayments({ indexOffset: start, includeIncomplete: true })
      expect(all.payments.map((p) => [p.paymentHash, p.status])).toEqual([
        ...paid.map((hash) => [hash, 'SUCCEEDED']),
        [unpaid.paymentHash, 'FAILED'],
      ])
    })

    it('lists the HTLCs bob forwarded, each with the fee he kept, a page at a time', async () => {
      // lnd keeps forwarding times in ns and filters by whole seconds: start a second back.
      const startTime = new Date(Date.now() - 1_000)
      const before = await bob.listForwards({ startTime })
      const amounts = [2_001_000n, 2_002_000n]
      for (const amountMsat of amounts) {
        const invoice = await carol.createInvoice({ amountMsat })
        await alice.payInvoice({ paymentRequest: invoice.paymentRequest })
      }
      const first = await bob.listForwards({
        startTime,
        indexOffset: before.lastOffsetIndex,
        maxEvents: 1,
      })
      const second = await bob.listForwards({ startTime, indexOffset: first.lastOffsetIndex })
      const events = [...first.events, ...second.events]
      expect(first.events).toHaveLength(1)
      expect(events.map((e) => e.amountOutMsat)).toEqual(amounts)
      for (const event of events) {
        // bob's policy: 1000 msat base + 1 ppm.
        expect(event.feeMsat).toBe(1_000n + event.amountOutMsat / 1_000_000n)
        expect(event.amountInMsat - event.amountOutMsat).toBe(event.feeMsat)
        expect(event.at.getTime()).toBeGreaterThanOrEqual(startTime.getTime())
      }
      await expect(bob.listForwards({ maxEvents: 0 })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      })
    })

    it('estimates fees from the graph and by probing, and finds routes', async () => {
      const carolKey = net.node('carol').pubkey
      const graph = await alice.estimateFee({ dest: carolKey, amountMsat: 10_000_000n })
      expect(graph.routingFeeMsat).toBeGreaterThanOrEqual(1_000n)
      const invoice = await carol.createInvoice({ amountMsat: 10_000_000n })
      const probed = await alice.estimateFee({ paymentRequest: invoice.paymentRequest })
      expect(probed.routingFeeMsat).toBe(1_010n)
      const [route] = await alice.queryRoutes({ pubkey: carolKey, amountMsat: 10_000_000n })
      expect(route!.hops.map((h) => h.pubkey)).toEqual([net.node('bob').pubkey, carolKey])
      expect(route!.totalFeesMsat).toBe(1_010n)
    })

    // LNC has no invoice-only session: its read-only session is refused in lnc's own tests.
    it.runIf(_kind === 'lnd')(
      'refuses a payment with an invoice-only macaroon, with a typed error',
      async () => {
        const invoiceOnly = clientFor(net.node('alice'), 'invoice')
        const invoice = await carol.createInvoice({ amountMsat: 1_000n })
        const error = await invoiceOnly
          .payInvoice({ paymentRequest: invoice.paymentRequest })
          .catch((e: unknown) => e)
        expect(error).toMatchObject({ code: 'PERMISSION_DENIED', name: 'PermissionDeniedError' })
        expect(String((error as Error).message)).not.toContain(net.node('alice').macaroons.invoice)
        // The same macaroon may create invoices.
        expect((await invoiceOnly.createInvoice({ amountMsat: 1n })).paymentRequest).toMatch(
          /^lnbcrt/,
        )
      },
    )
  },
)
