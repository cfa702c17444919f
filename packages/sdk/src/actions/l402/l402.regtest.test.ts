import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Hex, hexToBase64 } from '@btcfi/core'
import { type ApertureServer, getTestNetwork, startAperture } from '@btcfi/regtest/vitest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeContractTargets, contractTargets } from '../../testing/contract.js'
import { ownedMsat } from '../../testing/ownedMsat.js'
import { createL402Fetch, type L402PaymentEvent } from './createL402Fetch.js'
import { type L402TokenStore, memoryL402TokenStore } from './memoryL402TokenStore.js'

// L402 against a real aperture (v0.5.0) on the regtest network: carol's lnd
// mints the invoices, aperture guards a tiny HTTP service on loopback, and
// alice fetches through createL402Fetch. Every amount is checked to the msat.

const net = await getTestNetwork()
const targets = await contractTargets(net, ['alice', 'bob', 'carol'])
afterAll(closeContractTargets)

const PRICE_SAT = 21
const priceMsat = BigInt(PRICE_SAT) * 1_000n
// bob, between alice and carol, charges lnd's default policy: 1000 msat + 1 ppm.
const feeOf = (amountMsat: bigint) => 1_000n + (amountMsat * 1n) / 1_000_000n

/** Serves a handler on 127.0.0.1. */
async function listen(handler: Parameters<typeof createServer>[1]) {
  const server: Server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

// The service behind aperture: it counts what reaches it.
const reached: string[] = []
const service = await listen((req, res) => {
  reached.push(req.url ?? '')
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ quote: 'sats are forever', path: req.url }))
})
let aperture: ApertureServer
beforeAll(async () => {
  aperture = await startAperture({
    node: net.node('carol'),
    backendUrl: service.origin,
    priceSat: PRICE_SAT,
  })
})
afterAll(async () => {
  await aperture?.close()
  await service.close()
})

async function failure(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    return error as { code: string; problem?: string; priceMsat?: bigint; message: string }
  }
  throw new Error('expected a failure')
}

describe.each(targets)('L402 through aperture over %s', (_kind, { alice, carol }) => {
  async function balances() {
    return { alice: await ownedMsat(alice), carol: await ownedMsat(carol) }
  }
  /** A fetch with its own payments recorded. */
  function l402(options: { maxPriceMsat?: bigint; tokenStore?: L402TokenStore } = {}) {
    const payments: L402PaymentEvent[] = []
    const fetch = createL402Fetch(alice, {
      maxPriceMsat: options.maxPriceMsat ?? 100_000n,
      tokenStore: options.tokenStore,
      onPayment: (event) => payments.push(event),
    })
    return { fetch, payments }
  }
  const store = memoryL402TokenStore()

  it('the first call pays the challenge (to the msat, carol’s invoice settled), the second reuses the token and pays nothing', async () => {
    const { fetch, payments } = l402({ tokenStore: store })
    const before = await balances()
    const seen = reached.length
    const answer = await fetch(`${aperture.url}/quote?n=1`)
    expect(answer.status).toBe(200)
    expect(await answer.json()).toEqual({ quote: 'sats are forever', path: '/quote?n=1' })
    expect(payments).toHaveLength(1)
    const [payment] = payments
    expect(payment).toMatchObject({
      origin: aperture.url,
      url: `${aperture.url}/quote?n=1`,
      priceMsat,
      feeMsat: feeOf(priceMsat),
    })
    const invoice = await carol.getInvoice({ paymentHash: payment!.paymentHash })
    expect(invoice).toMatchObject({ state: 'SETTLED', amountPaidMsat: priceMsat })
    const paid = await balances()
    expect(before.alice - paid.alice).toBe(priceMsat + feeOf(priceMsat))
    expect(paid.carol - before.carol).toBe(priceMsat)
    const token = await store.get(aperture.url)
    expect(token).toMatchObject({ paymentHash: payment!.paymentHash, priceMsat })

    const again = await fetch(`${aperture.url}/quote?n=2`)
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ path: '/quote?n=2' })
    expect(payments).toHaveLength(1)
    expect(await balances()).toEqual(paid)
    expect(reached.slice(seen)).toEqual(['/quote?n=1', '/quote?n=2'])
  })

  it('the token survives a new createL402Fetch given the same store: nothing paid', async () => {
    const { fetch, payments } = l402({ tokenStore: store })
    const before = await balances()
    const answer = await fetch(`${aperture.url}/other`)
    expect(answer.status).toBe(200)
    expect(payments).toEqual([])
    expect(await balances()).toEqual(before)
  })

  it('5 concurrent first calls from a fresh cache pay exactly once', async () => {
    const { fetch, payments } = l402()
    const before = await balances()
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => fetch(`${aperture.url}/at-once?n=${n}`)),
    )
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200])
    await Promise.all(answers.map((a) => a.body?.cancel()))
    expect(payments).toHaveLength(1)
    const after = await balances()
    expect(before.alice - after.alice).toBe(priceMsat + feeOf(priceMsat))
    expect(after.carol - before.carol).toBe(priceMsat)
  })

  it('a price above maxPriceMsat pays nothing and does not reach the service', async () => {
    const { fetch, payments } = l402({ maxPriceMsat: priceMsat - 1n })
    const before = await balances()
    const seen = reached.length
    const error = await failure(fetch(`${aperture.url}/dear`))
    expect(error).toMatchObject({ code: 'L402_CHALLENGE', problem: 'price', priceMsat })
    expect(payments).toEqual([])
    expect(reached.length).toBe(seen)
    expect(await balances()).toEqual(before)
  })

  it('a refused token (a forged preimage) is dropped and the new challenge paid once', async () => {
    const tokenStore = memoryL402TokenStore()
    const { fetch, payments } = l402({ tokenStore })
    const real = await store.get(aperture.url)
    const forged = { ...real!, preimage: '00'.repeat(32) as Hex }
    await tokenStore.set(aperture.url, forged)
    const before = await balances()
    const answer = await fetch(`${aperture.url}/forged`)
    expect(answer.status).toBe(200)
    expect(payments).toHaveLength(1)
    expect((await tokenStore.get(aperture.url))?.paymentHash).toBe(payments[0]!.paymentHash)
    const after = await balances()
    expect(before.alice - after.alice).toBe(priceMsat + feeOf(priceMsat))
    expect(after.carol - before.carol).toBe(priceMsat)
  })

  it('a service that answers 402 to the token it sold gets one payment per call, and the error says refused', async () => {
    // A hostile service: a fresh invoice of carol's on every request, whatever the token.
    const hashes: string[] = []
    const hostile = await listen((_req, res) => {
      carol.createInvoice({ amountMsat: 5_000n, memo: 'again' }).then((invoice) => {
        hashes.push(invoice.paymentHash)
        res.writeHead(402, {
          'www-authenticate': `L402 macaroon="${hexToBase64('0201')}", invoice="${invoice.paymentRequest}"`,
        })
        res.end()
      }, res.destroy.bind(res))
    })
    try {
      const { fetch, payments } = l402()
      const before = await balances()
      const error = await failure(fetch(`${hostile.origin}/drain`))
      expect(error).toMatchObject({ code: 'L402_CHALLENGE', problem: 'refused' })
      expect(payments).toHaveLength(1)
      const { preimage } = await carol.getInvoice({ paymentHash: payments[0]!.paymentHash })
      expect(JSON.stringify(error)).not.toContain(preimage)
      expect(hashes).toHaveLength(2)
      const after = await balances()
      expect(before.alice - after.alice).toBe(5_000n + feeOf(5_000n))
      expect(after.carol - before.carol).toBe(5_000n)
    } finally {
      await hostile.close()
    }
  })
})
