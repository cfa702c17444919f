import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Backend } from '@btcfi/core'
import { installWebSocket, lnc } from '@btcfi/lnc/node'
import { lnd } from '@btcfi/lnd'
import { getTestNetwork, type NodeHandle } from '@btcfi/regtest/vitest'
import { createLightningClient, type LightningClient } from '@btcfi/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWebhookSecret } from './sender/createWebhookSecret.js'
import { createWebhookSender, type WebhookSender } from './sender/createWebhookSender.js'
import { sqliteWebhookStore } from './store/sqliteWebhookStore.js'
import { webhookReceiver } from './testing/webhookReceiver.js'

// carol's invoices and payments told to a receiver on loopback, from a
// SQLite outbox: a receiver that fails, one that is slow, and a sender and a
// receiver that restart. The sender reads carol's node over LND REST, then
// over Lightning Node Connect.

const net = await getTestNetwork()
const backends: Backend[] = []
afterAll(() => Promise.all(backends.map((b) => b.close?.())))

async function clientOf(kind: 'lnd' | 'lnc', node: NodeHandle): Promise<LightningClient> {
  let backend: Backend
  if (kind === 'lnd') {
    backend = lnd({ url: node.restUrl, macaroon: node.macaroons.admin, cert: node.tlsCert })
  } else {
    const path = net.lnc!
    installWebSocket({ ca: path.mailboxCert })
    const { pairingPhrase } = await path.createSession(node.name, { type: 'admin' })
    const connection = lnc({ pairingPhrase, mailbox: path.mailbox, wasmUrl: path.wasmUrl })
    await connection.connect()
    backend = connection
  }
  backends.push(backend)
  return createLightningClient({
    backend,
    network: 'regtest',
    pollIntervalMs: 500,
    reconnect: { initialDelayMs: 100, maxDelayMs: 1_000 },
  })
}

const kinds = (['lnd', 'lnc'] as const).filter(
  (kind) =>
    (process.env.BTCFI_CONTRACT_BACKENDS ?? 'lnd,lnc').split(',').includes(kind) &&
    (kind === 'lnd' || net.lnc !== undefined),
)

describe.each(kinds)('webhooks from a stored outbox on the regtest network, over %s', (kind) => {
  let alice: LightningClient
  let carol: LightningClient
  const dir = mkdtempSync(join(tmpdir(), 'btcfi-webhooks-'))
  const file = join(dir, 'outbox.db')
  const secret = createWebhookSecret()
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>
  const open: { sender: WebhookSender; db: { close(): void } }[] = []

  beforeAll(async () => {
    alice = await clientOf('lnd', net.node('alice'))
    carol = await clientOf(kind, net.node('carol'))
    receiver = await webhookReceiver(secret)
  })

  async function startSender() {
    const db = sqliteWebhookStore(file)
    const sender = createWebhookSender({
      client: carol,
      store: db,
      endpoints: [{ id: 'shop', url: receiver.url(), secret }],
      pollIntervalMs: 200,
      timeoutMs: 1_000,
      retry: { initialDelayMs: 200, maxDelayMs: 1_000, maxAttempts: 30 },
    })
    open.push({ sender, db })
    return { sender, db }
  }
  async function stopAll() {
    for (const { sender, db } of open.splice(0)) {
      await sender.stop()
      db.close()
    }
  }
  afterAll(async () => {
    await stopAll()
    await receiver?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  async function acknowledged(ids: string[]) {
    await expect
      .poll(() => ids.filter((id) => receiver.acknowledged().includes(id)), { timeout: 30_000 })
      .toEqual(ids)
  }

  it('tells each invoice and payment event, signed, and retries a failing receiver with the same id', async () => {
    const { sender } = await startSender()
    await sender.start()
    // The receiver fails each event's first three deliveries.
    receiver.setAnswer((_id, seen) => ({ status: seen < 3 ? 500 : 204 }))

    const invoice = await carol.createInvoice({ amountMsat: 12_345_000n, memo: 'order 1' })
    await alice.payInvoice({ paymentRequest: invoice.paymentRequest })
    const bill = await alice.createInvoice({ amountMsat: 2_000_000n })
    const paid = await carol.payInvoice({ paymentRequest: bill.paymentRequest })
    // More than the channels hold: lnd records the payment, FAILED.
    const tooBig = await alice.createInvoice({ amountMsat: 20_000_000_000n })
    await expect(carol.payInvoice({ paymentRequest: tooBig.paymentRequest })).rejects.toMatchObject(
      {
        code: expect.stringMatching(/PAYMENT_FAILED|NO_ROUTE|INSUFFICIENT_BALANCE/),
      },
    )
    const { payments } = await carol.listPayments({
      reversed: true,
      maxPayments: 1,
      includeIncomplete: true,
    })
    const failed = payments[0]!

    const settled = await carol.getInvoice({ paymentHash: invoice.paymentHash })
    const ids = [
      `evt_invoice_created_${settled.addIndex}`,
      `evt_invoice_settled_${settled.settleIndex}`,
      `evt_payment_succeeded_${paid.paymentIndex}`,
      `evt_payment_failed_${failed.paymentIndex}`,
    ]
    await acknowledged(ids)
    for (const id of ids) {
      const tries = receiver.attempts.filter((a) => a.id === id)
      expect(tries.map((t) => t.status)).toEqual([500, 500, 500, 204])
      expect(tries.every((t) => t.verified)).toBe(true)
    }
    const settledEvent = receiver.attempts.find((a) => a.id === ids[1])!
    expect(settledEvent).toMatchObject({
      type: 'invoice.settled',
      data: { paymentHash: invoice.paymentHash, amountPaidMsat: '12345000', memo: 'order 1' },
    })
    expect(receiver.attempts.find((a) => a.id === ids[2])).toMatchObject({
      type: 'payment.succeeded',
      data: { valueMsat: '2000000', feeMsat: paid.feeMsat.toString() },
    })
    expect(receiver.attempts.find((a) => a.id === ids[3])).toMatchObject({
      type: 'payment.failed',
    })
  })

  it('retries a delivery the receiver answers too slowly', async () => {
    receiver.setAnswer((_id, seen) =>
      seen === 0 ? { status: 204, delayMs: 8_000 } : { status: 204 },
    )
    const invoice = await carol.createInvoice({ amountMsat: 1_000n, memo: 'slow' })
    const { addIndex } = await carol.getInvoice({ paymentHash: invoice.paymentHash })
    const id = `evt_invoice_created_${addIndex}`
    await acknowledged([id])
    // The first answer would come 8 s later, after the sender's 1 s timeout: it was tried again.
    expect(receiver.attempts.filter((a) => a.id === id).length).toBeGreaterThanOrEqual(2)
  })

  it('after the sender and the receiver restart, tells what happened meanwhile and nothing it had told', async () => {
    receiver.setAnswer(() => ({ status: 204 }))
    await expect.poll(() => receiver.attempts.length, { timeout: 10_000 }).toBeGreaterThan(0)
    await stopAll()
    const before = new Map<string, number>()
    for (const a of receiver.attempts) before.set(a.id, (before.get(a.id) ?? 0) + 1)

    // While the sender is down: two orders paid. The receiver goes down too.
    await receiver.close()
    const hashes: string[] = []
    for (const memo of ['order 2', 'order 3']) {
      const invoice = await carol.createInvoice({ amountMsat: 3_000_000n, memo })
      await alice.payInvoice({ paymentRequest: invoice.paymentRequest })
      hashes.push(invoice.paymentHash)
    }
    const { sender } = await startSender()
    await sender.start()
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    await receiver.restart()

    const ids: string[] = []
    for (const paymentHash of hashes) {
      const invoice = await carol.getInvoice({ paymentHash })
      ids.push(
        `evt_invoice_created_${invoice.addIndex}`,
        `evt_invoice_settled_${invoice.settleIndex}`,
      )
    }
    await acknowledged(ids)
    // Nothing told before the restart was told again.
    const after = new Map<string, number>()
    for (const a of receiver.attempts) after.set(a.id, (after.get(a.id) ?? 0) + 1)
    for (const [id, count] of before) expect(after.get(id)).toBe(count)
    for (const id of ids) expect(receiver.acknowledged().filter((x) => x === id)).toHaveLength(1)
  })
})
