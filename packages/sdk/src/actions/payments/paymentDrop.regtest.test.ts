import { connect, createServer, type Socket } from 'node:net'
import { paymentHashOf, randomPreimage } from '@btcfi/core'
import { lnd } from '@btcfi/lnd'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, describe, expect, it } from 'vitest'
import { createLightningClient } from '../../client/lightningActions.js'
import { clientFor } from '../../testing/clients.js'
import { ownedMsat } from '../../testing/ownedMsat.js'

const net = await getTestNetwork()

/**
 * A TCP relay to alice's REST port on loopback (TLS passes through it
 * untouched) that can cut every connection open through it, as a network
 * drop would; connections made after the cut go through.
 */
async function relay(target: URL) {
  const open = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname)
    for (const socket of [client, upstream]) {
      open.add(socket)
      socket.on('close', () => open.delete(socket))
      socket.on('error', () => {})
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `https://127.0.0.1:${port}`,
    cut: () => {
      for (const socket of open) socket.destroy()
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

const alice = net.node('alice')
const aliceRelay = await relay(new URL(alice.restUrl))
const backend = lnd({ url: aliceRelay.url, macaroon: alice.macaroons.admin, cert: alice.tlsCert })
afterAll(async () => {
  await backend.close()
  await aliceRelay.close()
})

describe('a payment whose stream drops before its outcome (LND REST)', () => {
  it('is looked up and followed to its end, and paid once to the msat', async () => {
    const payer = createLightningClient({ backend, network: 'regtest', pollIntervalMs: 1_000 })
    const carol = clientFor(net.node('carol'))
    const direct = clientFor(alice)
    const amountMsat = 3_000_000n
    const preimage = randomPreimage()
    const paymentHash = paymentHashOf(preimage)
    const invoice = await carol.createHoldInvoice({ paymentHash, amountMsat })
    const before = await ownedMsat(direct)
    // No onUpdate: lnd is asked for the outcome only, so nothing comes back
    // before carol settles, and the drop happens before any message.
    const paying = payer.payInvoice({ paymentRequest: invoice.paymentRequest })
    paying.catch(() => {})
    try {
      await carol.waitForInvoice({ paymentHash, states: ['ACCEPTED'], timeoutMs: 30_000 })
      aliceRelay.cut()
      // The client asks lnd through a new connection, finds the payment in
      // flight, and follows it: settling it resolves the call.
      await new Promise((resolve) => setTimeout(resolve, 500))
      await carol.settleHoldInvoice({ preimage })
      const payment = await paying
      expect(payment.status).toBe('SUCCEEDED')
      expect(payment.preimage).toBe(preimage)
      expect(before - (await ownedMsat(direct))).toBe(amountMsat + payment.feeMsat)
      const settled = await carol.getInvoice({ paymentHash })
      expect(settled.htlcs.filter((h) => h.state === 'SETTLED')).toHaveLength(1)
    } finally {
      await carol.cancelHoldInvoice({ paymentHash }).catch(() => undefined)
      await paying.catch(() => undefined)
    }
  })
})
