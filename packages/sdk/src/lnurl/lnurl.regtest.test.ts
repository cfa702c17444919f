import type { AddressInfo } from 'node:net'
import {
  decodeInvoice,
  encodeLnurl,
  hasErrorCode,
  lnurlDescriptionHash,
  paymentHashOf,
} from '@btcfi/core'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchLnurl } from '../actions/lnurl/fetchLnurl.js'
import type { LightningClient } from '../client/lightningActions.js'
import { closeContractTargets, contractTargets } from '../testing/contract.js'
import { ownedMsat } from '../testing/ownedMsat.js'
import {
  createLnurlHandler,
  type LnurlHandler,
  type LnurlInvoiceEvent,
  type LnurlWithdrawEvent,
} from './createLnurlHandler.js'

// LNURL both ways on the regtest network: carol serves a Lightning Address
// and withdraw links with createLnurlHandler on loopback; alice pays and
// withdraws through the client. Every amount is checked to the msat.

const net = await getTestNetwork()
const targets = await contractTargets(net, ['alice', 'bob', 'carol'])
afterAll(closeContractTargets)

// bob, between alice and carol, charges lnd's default policy: 1000 msat + 1 ppm.
const feeOf = (amountMsat: bigint) => 1_000n + (amountMsat * 1n) / 1_000_000n

/** Serves a fetch handler on 127.0.0.1; the handler may be set once the port is known. */
async function listen(fetch: (request: Request) => Promise<Response>) {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    return error as { code: string; problem?: string; reason?: string }
  }
  throw new Error('expected a failure')
}

describe.each(targets)('LNURL on the regtest network over %s', (_kind, { alice, carol }) => {
  let handler: LnurlHandler
  let site: Awaited<ReturnType<typeof listen>>
  const minted: LnurlInvoiceEvent[] = []
  const withdrawals: LnurlWithdrawEvent[] = []
  const serverErrors: unknown[] = []

  beforeAll(async () => {
    site = await listen((request) => handler(request))
    handler = createLnurlHandler({
      client: carol,
      origin: site.origin,
      names: {
        carol: {
          description: 'Carol’s beans',
          longDescription: 'Single origin, roasted today',
          minSendableMsat: 1_000n,
          maxSendableMsat: 50_000_000n,
          commentAllowed: 40,
          successAction: ({ comment }) => ({
            tag: 'message',
            message: comment ? `Thanks! (${comment})` : 'Thanks!',
          }),
        },
        codes: {
          description: 'A door code',
          successAction: () => ({ tag: 'aes', description: 'Your code', text: 'door 4321' }),
        },
      },
      onInvoice: (event) => minted.push(event),
      onWithdraw: (event) => withdrawals.push(event),
      onError: (error) => serverErrors.push(error),
    })
  })
  afterAll(async () => {
    await handler?.settled()
    await site?.close()
    expect(serverErrors).toEqual([])
  })

  async function balances() {
    return { alice: await ownedMsat(alice), carol: await ownedMsat(carol) }
  }

  it('alice pays carol@127.0.0.1:<port>: the invoice commits to the metadata, the comment reaches carol, balances move to the msat', async () => {
    const address = `carol@127.0.0.1:${site.port}`
    const before = await balances()
    const amountMsat = 21_000_123n
    const { payment, successAction, disposable, request } = await alice.payLightningAddress({
      allowLocalHosts: true,
      address,
      amountMsat,
      comment: 'for the beans',
    })
    expect(payment).toMatchObject({ status: 'SUCCEEDED', valueMsat: amountMsat })
    expect(successAction).toEqual({ tag: 'message', message: 'Thanks! (for the beans)' })
    expect(disposable).toBe(false)
    expect(request).toMatchObject({
      description: 'Carol’s beans',
      longDescription: 'Single origin, roasted today',
      identifier: address,
      address,
      domain: `127.0.0.1:${site.port}`,
    })

    const event = minted.at(-1)!
    expect(event).toMatchObject({ name: 'carol', amountMsat, comment: 'for the beans' })
    expect(event.paymentHash).toBe(payment.paymentHash)
    expect(decodeInvoice(event.paymentRequest).descriptionHash).toBe(
      lnurlDescriptionHash(request.metadata),
    )
    const invoice = await carol.getInvoice({ paymentHash: payment.paymentHash })
    expect(invoice).toMatchObject({ state: 'SETTLED', amountPaidMsat: amountMsat })

    const after = await balances()
    expect(before.alice - after.alice).toBe(amountMsat + feeOf(amountMsat))
    expect(payment.feeMsat).toBe(feeOf(amountMsat))
    expect(after.carol - before.carol).toBe(amountMsat)
  })

  it('an aes success action is decrypted with the preimage only the payer holds (LUD-10)', async () => {
    const { payment, successAction } = await alice.payLnurl({
      allowLocalHosts: true,
      lnurl: encodeLnurl(`${site.origin}/.well-known/lnurlp/codes`),
      amountMsat: 2_000n,
    })
    expect(paymentHashOf(payment.preimage!)).toBe(payment.paymentHash)
    expect(successAction).toEqual({ tag: 'aes', description: 'Your code', text: 'door 4321' })
  })

  it('refuses before any invoice: an amount out of range, a comment too long, an unknown name', async () => {
    const before = await balances()
    const count = minted.length
    const address = `carol@127.0.0.1:${site.port}`
    expect(
      await failure(
        alice.payLightningAddress({ allowLocalHosts: true, address, amountMsat: 50_000_001n }),
      ),
    ).toMatchObject({ code: 'INVALID_AMOUNT' })
    expect(
      await failure(
        alice.payLightningAddress({ allowLocalHosts: true, address, amountMsat: 999n }),
      ),
    ).toMatchObject({
      code: 'INVALID_AMOUNT',
    })
    expect(
      await failure(
        alice.payLightningAddress({
          allowLocalHosts: true,
          address,
          amountMsat: 5_000n,
          comment: 'x'.repeat(41),
        }),
      ),
    ).toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(
      await failure(
        alice.payLightningAddress({
          allowLocalHosts: true,
          address: `dave@127.0.0.1:${site.port}`,
          amountMsat: 5_000n,
        }),
      ),
    ).toMatchObject({ code: 'LNURL_SERVICE_ERROR', reason: 'No such name here.' })
    expect(minted.length).toBe(count)
    expect(await balances()).toEqual(before)
  })

  it('a service whose callback is plain http off loopback is refused before the callback is reached', async () => {
    // The same handler, told its public origin is http://carol.test: its callback is
    // plain http on a public name, which LUD-01 forbids.
    const misconfigured = createLnurlHandler({
      client: carol,
      origin: `http://carol.test:${site.port}`,
      names: { carol: { description: 'beans' } },
      onInvoice: () => {
        throw new Error('no invoice may be minted')
      },
    })
    const other = await listen(misconfigured)
    try {
      const before = await balances()
      const error = await failure(
        alice.payLightningAddress({
          allowLocalHosts: true,
          address: `carol@127.0.0.1:${other.port}`,
          amountMsat: 5_000n,
        }),
      )
      expect(error).toMatchObject({ code: 'LNURL_INSECURE', host: 'carol.test' })
      expect(await balances()).toEqual(before)
    } finally {
      await other.close()
    }
  })

  it('a lying service is caught before paying: another amount, another description hash, an unknown success action', async () => {
    const metadata = JSON.stringify([['text/plain', 'honest beans']])
    let answer: () => Promise<unknown> = async () => ({})
    const liar = await listen(async (request) => {
      const url = new URL(request.url)
      const body =
        url.pathname === '/pay'
          ? {
              tag: 'payRequest',
              callback: `${url.origin}/cb`,
              minSendable: 1_000,
              maxSendable: 10_000_000,
              metadata,
            }
          : await answer()
      return Response.json(body)
    })
    const lnurl = encodeLnurl(`${liar.origin}/pay`)
    const openInvoices: string[] = []
    const mint = async (parameters: Parameters<LightningClient['createInvoice']>[0]) => {
      const invoice = await carol.createInvoice(parameters)
      openInvoices.push(invoice.paymentHash)
      return invoice
    }
    try {
      const before = await balances()
      const honestHash = lnurlDescriptionHash(metadata)
      const cases = [
        {
          problem: 'invoice-amount',
          answer: async () => ({
            pr: (await mint({ amountMsat: 6_000n, descriptionHash: honestHash })).paymentRequest,
          }),
        },
        {
          problem: 'invoice-amount',
          answer: async () => ({
            pr: (await mint({ amountMsat: 0n, descriptionHash: honestHash })).paymentRequest,
          }),
        },
        {
          problem: 'description-hash',
          answer: async () => ({
            pr: (
              await mint({
                amountMsat: 5_000n,
                descriptionHash: lnurlDescriptionHash('[["text/plain","other"]]'),
              })
            ).paymentRequest,
          }),
        },
        {
          problem: 'description-hash',
          answer: async () => ({
            pr: (await mint({ amountMsat: 5_000n, memo: 'honest beans' })).paymentRequest,
          }),
        },
        {
          problem: 'success-action',
          answer: async () => ({
            pr: (await mint({ amountMsat: 5_000n, descriptionHash: honestHash })).paymentRequest,
            successAction: { tag: 'url', description: 'x', url: 'https://evil.example/' },
          }),
        },
      ]
      for (const each of cases) {
        answer = each.answer
        const error = await failure(
          alice.payLnurl({ allowLocalHosts: true, lnurl, amountMsat: 5_000n }),
        )
        expect(error).toMatchObject({ code: 'LNURL_BAD_RESPONSE', problem: each.problem })
      }
      expect(await balances()).toEqual(before)
      for (const paymentHash of openInvoices)
        expect((await carol.getInvoice({ paymentHash })).state).toBe('OPEN')
    } finally {
      await liar.close()
    }
  })

  it('alice withdraws from a one-time link; the same link at once and again later pays nothing more', async () => {
    const link = handler.createWithdrawLink({ maxMsat: 8_000_000n, description: 'refund' })
    const before = await balances()
    const amountMsat = 5_000_000n
    const results = await Promise.allSettled([
      alice.withdrawLnurl({ allowLocalHosts: true, lnurl: link.lnurl, amountMsat }),
      alice.withdrawLnurl({ allowLocalHosts: true, lnurl: link.lnurl, amountMsat }),
    ])
    const paid = results.filter((r) => r.status === 'fulfilled')
    const refused = results.filter((r) => r.status === 'rejected')
    expect(paid).toHaveLength(1)
    expect(refused).toHaveLength(1)
    expect(hasErrorCode((refused[0] as PromiseRejectedResult).reason, 'LNURL_SERVICE_ERROR')).toBe(
      true,
    )
    const { invoice } = (paid[0] as PromiseFulfilledResult<{ invoice: { amountPaidMsat: bigint } }>)
      .value
    expect(invoice.amountPaidMsat).toBe(amountMsat)

    expect(
      await failure(
        alice.withdrawLnurl({ allowLocalHosts: true, lnurl: link.lnurl, amountMsat: 1_000n }),
      ),
    ).toMatchObject({ code: 'LNURL_SERVICE_ERROR' })
    await handler.settled()
    expect(withdrawals).toHaveLength(1)
    expect(withdrawals[0]).toMatchObject({ linkId: link.id, amountMsat, error: undefined })
    const fee = withdrawals[0]!.payment!.feeMsat
    expect(fee).toBe(feeOf(amountMsat))

    const after = await balances()
    expect(after.alice - before.alice).toBe(amountMsat)
    expect(before.carol - after.carol).toBe(amountMsat + fee)
  })

  it('a withdraw link refuses an invoice above its maximum or for any amount, and stays usable', async () => {
    const link = handler.createWithdrawLink({ maxMsat: 3_000n })
    expect(
      await failure(
        alice.withdrawLnurl({ allowLocalHosts: true, lnurl: link.lnurl, amountMsat: 3_001n }),
      ),
    ).toMatchObject({ code: 'INVALID_AMOUNT' })
    // A wallet that skips the client's check: the service refuses by itself.
    const request = await fetchLnurl({ allowLocalHosts: true, lnurl: link.lnurl })
    if (request.tag !== 'withdrawRequest') throw new Error('expected a withdraw request')
    for (const amountMsat of [3_001n, 0n]) {
      const { paymentRequest } = await alice.createInvoice({ amountMsat })
      const callback = new URL(request.callback)
      callback.searchParams.set('k1', request.k1)
      callback.searchParams.set('pr', paymentRequest)
      expect(await (await fetch(callback)).json()).toMatchObject({ status: 'ERROR' })
    }
    const before = await balances()
    const { invoice } = await alice.withdrawLnurl({ allowLocalHosts: true, lnurl: link.lnurl })
    expect(invoice.amountPaidMsat).toBe(3_000n)
    await handler.settled()
    expect((await balances()).alice - before.alice).toBe(3_000n)
  })
})
