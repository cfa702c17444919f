import { createHash, randomBytes } from 'node:crypto'
import type { Invoice } from '@btcfi/core'
import { BaseError } from '@btcfi/core'
import { getTestNetwork, type Network, type NodeHandle } from '@btcfi/regtest/vitest'
import { rpcs } from '@btcfi/wire'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LndBackend, lnd } from './lnd.js'

// The LND REST transport against real lnd v0.21 nodes (alice–bob–carol).
// Every Backend method is called here at least once; each test leaves the
// network as it found it (channels balanced enough, no extra channel).

let net: Network
let alice: LndBackend
let bob: LndBackend
let carol: LndBackend
const opened: LndBackend[] = []

function backendFor(node: NodeHandle, macaroon = node.macaroons.admin): LndBackend {
  const backend = lnd({ url: node.restUrl, macaroon, cert: node.tlsCert })
  opened.push(backend)
  return backend
}

function secret(): { preimage: string; hash: string } {
  const preimage = randomBytes(32)
  return {
    preimage: preimage.toString('hex'),
    hash: createHash('sha256').update(preimage).digest('hex'),
  }
}

const sha256 = (hex: string): string =>
  createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex')

/** Iterates `stream` until `done(value)`, returning every value seen. */
async function until<T>(stream: AsyncIterable<T>, done: (value: T) => boolean): Promise<T[]> {
  const seen: T[] = []
  for await (const value of stream) {
    seen.push(value)
    if (done(value)) break
  }
  return seen
}

async function all<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const seen: T[] = []
  for await (const value of stream) seen.push(value)
  return seen
}

async function rejection(promise: Promise<unknown>): Promise<BaseError & { code: string }> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(BaseError)
    return error as BaseError & { code: string }
  }
  throw new Error('expected a rejection')
}

const finalStates = new Set(['SUCCEEDED', 'FAILED'])

beforeAll(async () => {
  net = await getTestNetwork()
  alice = backendFor(net.nodes.alice!)
  bob = backendFor(net.nodes.bob!)
  carol = backendFor(net.nodes.carol!)
})

afterAll(async () => {
  await Promise.all(opened.map((backend) => backend.close()))
})

describe('node info and balances', () => {
  it('getInfo maps a real node', async () => {
    const info = await alice.call(rpcs.getInfo)
    expect(info.pubkey).toBe(net.nodes.alice!.pubkey)
    expect(info.alias).toBe('alice')
    expect(info.network).toBe('regtest')
    expect(info.version).toMatch(/^0\.21\./)
    expect(info.syncedToChain).toBe(true)
    expect(info.blockHeight).toBeGreaterThanOrEqual(500)
    expect(info.blockHash).toMatch(/^[0-9a-f]{64}$/)
    expect(info.bestHeaderTimestamp).toBeInstanceOf(Date)
    expect(info.numActiveChannels).toBeGreaterThanOrEqual(1)
    expect(info.numPeers).toBeGreaterThanOrEqual(1)
    expect(info.features[55]).toMatchObject({ name: 'keysend', isKnown: true })
  })

  it('walletBalance and channelBalance are bigint amounts', async () => {
    const onchain = await alice.call(rpcs.walletBalance)
    expect(onchain.totalSat).toBeGreaterThan(0n)
    expect(onchain.confirmedSat + onchain.unconfirmedSat).toBe(onchain.totalSat)
    const offchain = await bob.call(rpcs.channelBalance)
    expect(offchain.localMsat).toBeGreaterThan(0n)
    expect(offchain.remoteMsat).toBeGreaterThan(0n)
    expect(typeof offchain.pendingOpenLocalMsat).toBe('bigint')
  })
})

describe('invoices and payments', () => {
  it('addInvoice → lookupInvoice → sendPayment (stream) → trackPayment → SETTLED', async () => {
    const added = await carol.call(rpcs.addInvoice, {
      valueMsat: 1_000_500n,
      memo: 'café ⚡',
      expirySeconds: 600,
    })
    expect(added.paymentHash).toMatch(/^[0-9a-f]{64}$/)
    expect(added.paymentRequest).toMatch(/^lnbcrt/)
    expect(added.paymentAddr).toMatch(/^[0-9a-f]{64}$/)
    expect(added.addIndex).toBeGreaterThan(0n)

    const open = await carol.call(rpcs.lookupInvoice, added.paymentHash)
    expect(open).toMatchObject({
      paymentHash: added.paymentHash,
      paymentRequest: added.paymentRequest,
      paymentAddr: added.paymentAddr,
      memo: 'café ⚡',
      valueMsat: 1_000_500n,
      amountPaidMsat: 0n,
      state: 'OPEN',
      expirySeconds: 600,
      settledAt: undefined,
      addIndex: added.addIndex,
    })
    expect(sha256(open.preimage!)).toBe(added.paymentHash)

    const updates = await all(
      alice.stream(rpcs.sendPayment, {
        paymentRequest: added.paymentRequest,
        feeLimitMsat: 100_000n,
        timeoutSeconds: 60,
      }),
    )
    expect(updates[0]?.status).toBe('IN_FLIGHT')
    const last = updates.at(-1)!
    expect(last.status).toBe('SUCCEEDED')
    expect(last.paymentHash).toBe(added.paymentHash)
    expect(last.preimage).toBe(open.preimage)
    expect(last.valueMsat).toBe(1_000_500n)
    expect(last.feeMsat).toBeGreaterThan(0n) // through bob
    expect(last.failureReason).toBe('NONE')
    expect(last.htlcs[0]?.route.hops.at(-1)?.pubkey).toBe(net.nodes.carol!.pubkey)

    // Paying it again: lnd refuses the stream before its first message.
    const again = await rejection(
      all(
        alice.stream(rpcs.sendPayment, {
          paymentRequest: added.paymentRequest,
          feeLimitMsat: 100_000n,
          timeoutSeconds: 60,
        }),
      ),
    )
    expect(again.code).toBe('ALREADY_PAID')

    const tracked = await all(alice.stream(rpcs.trackPayment, added.paymentHash))
    expect(tracked.map((payment) => payment.status)).toEqual(['SUCCEEDED'])
    expect(tracked[0]?.preimage).toBe(open.preimage)

    const settled = await carol.call(rpcs.lookupInvoice, added.paymentHash)
    expect(settled.state).toBe('SETTLED')
    expect(settled.amountPaidMsat).toBe(1_000_500n)
    expect(settled.settledAt).toBeInstanceOf(Date)
    expect(settled.htlcs[0]).toMatchObject({ state: 'SETTLED', amountMsat: 1_000_500n })

    const page = await carol.call(rpcs.listInvoices, { reversed: true, maxInvoices: 5 })
    expect(page.invoices.map((invoice) => invoice.paymentHash)).toContain(added.paymentHash)
    expect(page.lastIndexOffset).toBeGreaterThanOrEqual(page.firstIndexOffset)
  })

  it('subscribeInvoices replays from addIndex, then reports the settlement live', async () => {
    const added = await carol.call(rpcs.addInvoice, { valueMsat: 2000n, memo: 'subscribed' })
    const controller = new AbortController()
    const stream = carol
      .stream(
        rpcs.subscribeInvoices,
        { addIndex: added.addIndex - 1n },
        { signal: controller.signal },
      )
      [Symbol.asyncIterator]()
    // Replayed: the subscription is live once this arrives.
    expect((await stream.next()).value).toMatchObject({
      paymentHash: added.paymentHash,
      state: 'OPEN',
      addIndex: added.addIndex,
    })
    await until(
      alice.stream(rpcs.sendPayment, {
        paymentRequest: added.paymentRequest,
        feeLimitMsat: 10_000n,
        timeoutSeconds: 60,
      }),
      (p) => finalStates.has(p.status),
    )
    let settled: Invoice | undefined
    while (!settled) {
      const next = await stream.next()
      if (next.done) break
      if (next.value.paymentHash === added.paymentHash && next.value.state === 'SETTLED')
        settled = next.value
    }
    expect(settled?.settleIndex).toBeGreaterThan(0n)
    expect(settled?.amountPaidMsat).toBe(2000n)
    controller.abort()
    expect(await stream.next()).toEqual({ done: true, value: undefined })
  })

  it('hold invoice: OPEN → ACCEPTED (HTLC held) → settleInvoice → SETTLED; the stream ends by itself', async () => {
    const { preimage, hash } = secret()
    const added = await carol.call(rpcs.addHoldInvoice, {
      paymentHash: hash,
      valueMsat: 50_000n,
      memo: 'lock',
      cltvExpiry: 40,
    })
    expect(added.paymentHash).toBe(hash)
    expect(added.paymentRequest).toMatch(/^lnbcrt/)

    const subscription = carol.stream(rpcs.subscribeSingleInvoice, hash)[Symbol.asyncIterator]()
    const first = await subscription.next()
    expect(first.value).toMatchObject({
      state: 'OPEN',
      paymentHash: hash,
      cltvExpiry: 40,
      preimage: undefined,
    })

    const notAccepted = await rejection(carol.call(rpcs.settleInvoice, preimage))
    expect(notAccepted.code).toBe('INVOICE_STATE')
    expect(notAccepted.message).toContain('invoice still open')

    const payment = until(
      alice.stream(rpcs.sendPayment, {
        paymentRequest: added.paymentRequest,
        feeLimitMsat: 10_000n,
        timeoutSeconds: 60,
      }),
      (p) => finalStates.has(p.status),
    )
    const accepted = await subscription.next()
    expect(accepted.value).toMatchObject({
      state: 'ACCEPTED',
      amountPaidMsat: 50_000n,
      preimage: undefined,
    })
    const htlc = (accepted.value as Invoice).htlcs[0]!
    expect(htlc.state).toBe('ACCEPTED')
    expect(htlc.amountMsat).toBe(50_000n)
    expect(htlc.expiryHeight).toBeGreaterThan(htlc.acceptHeight)

    // The held HTLC takes a slot on each channel of the route: bob's out to carol, bob's in from alice.
    const bobChannels = await bob.call(rpcs.listChannels)
    const slot = (peer: string) =>
      bobChannels
        .find((channel) => channel.remotePubkey === peer)
        ?.pendingHtlcs.find((pending) => pending.hashLock === hash)
    expect(slot(net.nodes.carol!.pubkey)).toMatchObject({ incoming: false, amountSat: 50n })
    expect(slot(net.nodes.alice!.pubkey)).toMatchObject({ incoming: true })
    expect(slot(net.nodes.carol!.pubkey)?.expirationHeight).toBe(htlc.expiryHeight)

    await carol.call(rpcs.settleInvoice, preimage)
    const settled = await subscription.next()
    expect(settled.value).toMatchObject({ state: 'SETTLED', preimage })
    expect(await subscription.next()).toEqual({ done: true, value: undefined })

    const updates = await payment
    expect(updates.at(-1)).toMatchObject({ status: 'SUCCEEDED', preimage })
  })

  it('hold invoice: ACCEPTED → cancelInvoice → CANCELED, and the payer sees it fail', async () => {
    const { hash } = secret()
    const added = await carol.call(rpcs.addHoldInvoice, { paymentHash: hash, valueMsat: 30_000n })
    const states = carol.stream(rpcs.subscribeSingleInvoice, hash)[Symbol.asyncIterator]()
    expect((await states.next()).value).toMatchObject({ state: 'OPEN' })
    const payment = until(
      alice.stream(rpcs.sendPayment, {
        paymentRequest: added.paymentRequest,
        feeLimitMsat: 10_000n,
        timeoutSeconds: 60,
      }),
      (p) => finalStates.has(p.status),
    )
    expect((await states.next()).value).toMatchObject({ state: 'ACCEPTED' })
    await carol.call(rpcs.cancelInvoice, hash)
    expect((await states.next()).value).toMatchObject({ state: 'CANCELED' })
    expect((await states.next()).done).toBe(true)
    const failed = (await payment).at(-1)!
    expect(failed.status).toBe('FAILED')
    expect(failed.failureReason).toBe('INCORRECT_PAYMENT_DETAILS')
    expect(failed.preimage).toBeUndefined()
    expect(failed.htlcs.some((h) => h.failureCode === 'INCORRECT_OR_UNKNOWN_PAYMENT_DETAILS')).toBe(
      true,
    )
    expect((await carol.call(rpcs.lookupInvoice, hash)).state).toBe('CANCELED')
  })

  it('keysend: dest + amount + sha256(preimage), preimage in TLV 5482373484', async () => {
    const { preimage, hash } = secret()
    const updates = await all(
      alice.stream(rpcs.sendPayment, {
        dest: net.nodes.carol!.pubkey,
        amountMsat: 3_000n,
        paymentHash: hash,
        feeLimitMsat: 10_000n,
        timeoutSeconds: 60,
        finalCltvDelta: 40,
        destCustomRecords: {
          '5482373484': Buffer.from(preimage, 'hex'),
          '65537': new TextEncoder().encode('{"action":"stream"}'),
        },
      }),
    )
    expect(updates.at(-1)).toMatchObject({ status: 'SUCCEEDED', preimage, valueMsat: 3_000n })
    const received = await carol.call(rpcs.lookupInvoice, hash)
    expect(received).toMatchObject({ isKeysend: true, state: 'SETTLED', amountPaidMsat: 3_000n })
    expect(new TextDecoder().decode(received.htlcs[0]?.customRecords['65537'])).toBe(
      '{"action":"stream"}',
    )
  })

  it('a failed payment streams FAILED with its reason (no route for the amount)', async () => {
    const { hash } = secret()
    const updates = await all(
      alice.stream(rpcs.sendPayment, {
        dest: net.nodes.carol!.pubkey,
        amountMsat: 50_000_000_000n, // more than any channel holds
        paymentHash: hash,
        feeLimitMsat: 10_000n,
        timeoutSeconds: 10,
      }),
    )
    const last = updates.at(-1)!
    expect(last.status).toBe('FAILED')
    expect(['NO_ROUTE', 'INSUFFICIENT_BALANCE']).toContain(last.failureReason)
  })

  it('lookupInvoice of an unknown hash fails with lnd’s message mapped', async () => {
    const error = await rejection(carol.call(rpcs.lookupInvoice, secret().hash))
    expect(error.code).toBe('NOT_FOUND')
    expect(error.message).toMatch(/unable to locate invoice|no existing invoices/)
  })

  it('trackPayment of an unknown payment fails with lnd’s message mapped', async () => {
    const error = await rejection(all(alice.stream(rpcs.trackPayment, secret().hash)))
    expect(error.code).toBe('NOT_FOUND')
  })

  it('an invoice macaroon is refused a payment with PERMISSION_DENIED (stream and unary)', async () => {
    const node = net.nodes.alice!
    const restricted = backendFor(node, node.macaroons.invoice)
    const invoice = await carol.call(rpcs.addInvoice, { valueMsat: 1000n })
    const error = await rejection(
      all(
        restricted.stream(rpcs.sendPayment, {
          paymentRequest: invoice.paymentRequest,
          feeLimitMsat: 1000n,
          timeoutSeconds: 10,
        }),
      ),
    )
    expect(error.code).toBe('PERMISSION_DENIED')
    expect(error.message).not.toContain(node.macaroons.invoice)
    const unary = await rejection(restricted.call(rpcs.getInfo))
    expect(unary.code).toBe('PERMISSION_DENIED')
    // What the invoice macaroon may do, it does.
    expect((await restricted.call(rpcs.addInvoice, { valueMsat: 1000n })).paymentRequest).toMatch(
      /^lnbcrt/,
    )
    // And nothing was paid.
    expect((await carol.call(rpcs.lookupInvoice, invoice.paymentHash)).state).toBe('OPEN')
  })

  it('a readonly macaroon reads but cannot add an invoice', async () => {
    const node = net.nodes.carol!
    const readonly = backendFor(node, node.macaroons.readonly)
    expect((await readonly.call(rpcs.getInfo)).alias).toBe('carol')
    const error = await rejection(readonly.call(rpcs.addInvoice, { valueMsat: 1000n }))
    expect(error.code).toBe('PERMISSION_DENIED')
  })
})

describe('routing', () => {
  it('estimateRouteFee by destination and by invoice (probe)', async () => {
    const byDest = await alice.call(rpcs.estimateRouteFee, {
      dest: net.nodes.carol!.pubkey,
      amountMsat: 1_000_000n,
    })
    expect(byDest.failureReason).toBe('NONE')
    expect(byDest.routingFeeMsat).toBeGreaterThan(0n)
    expect(byDest.timeLockDelay).toBeGreaterThan(0)
    const invoice = await carol.call(rpcs.addInvoice, { valueMsat: 10_000n })
    const byInvoice = await alice.call(rpcs.estimateRouteFee, {
      paymentRequest: invoice.paymentRequest,
      timeoutSeconds: 30,
    })
    expect(byInvoice.failureReason).toBe('NONE')
    expect(byInvoice.routingFeeMsat).toBeGreaterThanOrEqual(0n)
  })

  it('queryRoutes keeps the exact msat amount', async () => {
    const routes = await alice.call(rpcs.queryRoutes, {
      pubkey: net.nodes.carol!.pubkey,
      amountMsat: 1_000_500n,
      finalCltvDelta: 40,
      feeLimitMsat: 100_000n,
    })
    expect(routes).toHaveLength(1)
    const route = routes[0]!
    expect(route.hops.map((hop) => hop.pubkey)).toEqual([
      net.nodes.bob!.pubkey,
      net.nodes.carol!.pubkey,
    ])
    expect(route.hops.at(-1)?.amountToForwardMsat).toBe(1_000_500n)
    expect(route.totalAmountMsat).toBe(1_000_500n + route.totalFeesMsat)
  })
})

describe('peers, channels and on-chain', () => {
  it('listPeers and connectPeer (already connected is success)', async () => {
    const peers = await alice.call(rpcs.listPeers)
    const bobPeer = peers.find((peer) => peer.pubkey === net.nodes.bob!.pubkey)
    expect(bobPeer).toBeDefined()
    expect(bobPeer?.bytesSent).toBeGreaterThan(0n)
    expect(bobPeer?.address).toMatch(/^127\.0\.0\.1:\d+$/)
    await alice.call(rpcs.connectPeer, {
      pubkey: net.nodes.bob!.pubkey,
      host: net.nodes.bob!.p2pHost,
    })
  })

  it('listChannels, pendingChannels, closedChannels', async () => {
    const channels = await alice.call(rpcs.listChannels)
    const toBob = channels.find((channel) => channel.remotePubkey === net.nodes.bob!.pubkey)
    expect(toBob).toBeDefined()
    expect(toBob?.active).toBe(true)
    expect(toBob?.channelPoint).toMatch(/^[0-9a-f]{64}:\d+$/)
    expect(toBob?.capacitySat).toBeGreaterThan(0n)
    expect(
      toBob!.localBalanceSat + toBob!.remoteBalanceSat + toBob!.commitFeeSat,
    ).toBeLessThanOrEqual(toBob!.capacitySat)
    expect(toBob?.csvDelay).toBeGreaterThan(0)
    expect(Array.isArray(await alice.call(rpcs.pendingChannels))).toBe(true)
    expect(Array.isArray(await alice.call(rpcs.closedChannels))).toBe(true)
  })

  it('openChannel (display txid) → pending → active → closeChannel stream → closed', async () => {
    const carolNode = net.nodes.carol!
    await alice.call(rpcs.connectPeer, { pubkey: carolNode.pubkey, host: carolNode.p2pHost })
    const point = await alice.call(rpcs.openChannel, {
      pubkey: carolNode.pubkey,
      localFundingSat: 500_000n,
      pushSat: 1_000n,
      isPrivate: true,
      satPerVbyte: 2n,
    })
    expect(point.txid).toMatch(/^[0-9a-f]{64}$/)
    const channelPoint = `${point.txid}:${point.outputIndex}`
    const pending = await alice.call(rpcs.pendingChannels)
    expect(pending.find((channel) => channel.channelPoint === channelPoint)).toMatchObject({
      kind: 'opening',
      remotePubkey: carolNode.pubkey,
      capacitySat: 500_000n,
      remoteBalanceSat: 1_000n,
    })

    await net.mine(1)
    let active = false
    for (let attempt = 0; attempt < 100 && !active; attempt++) {
      const channels = await alice.call(rpcs.listChannels)
      active = channels.some((channel) => channel.channelPoint === channelPoint && channel.active)
      if (!active) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(active).toBe(true)
    const opened = (await alice.call(rpcs.listChannels)).find(
      (channel) => channel.channelPoint === channelPoint,
    )
    expect(opened).toMatchObject({ isPrivate: true, initiator: true, capacitySat: 500_000n })

    const updates = alice
      .stream(rpcs.closeChannel, { channelPoint: point, satPerVbyte: 2n })
      [Symbol.asyncIterator]()
    const first = await updates.next()
    expect(first.value).toMatchObject({ type: 'pending' })
    const closingTxid = (first.value as { closingTxid: string }).closingTxid
    expect(closingTxid).toMatch(/^[0-9a-f]{64}$/)
    const waiting = await alice.call(rpcs.pendingChannels)
    expect(waiting.find((channel) => channel.channelPoint === channelPoint)?.kind).toBe(
      'waiting_close',
    )

    // lnd waits for a number of confirmations that grows with the channel size.
    let closed: IteratorResult<unknown> | undefined
    const next = updates.next()
    for (let blocks = 0; blocks < 6 && !closed; blocks++) {
      await net.mine(1)
      closed = await Promise.race([next, new Promise<undefined>((r) => setTimeout(r, 1500))])
    }
    closed ??= await next
    expect(closed.value).toEqual({ type: 'closed', closingTxid })
    expect((await updates.next()).done).toBe(true)

    const summary = (await alice.call(rpcs.closedChannels)).find(
      (channel) => channel.channelPoint === channelPoint,
    )
    expect(summary).toMatchObject({
      closingTxid,
      remotePubkey: carolNode.pubkey,
      capacitySat: 500_000n,
      closeType: 'COOPERATIVE_CLOSE',
    })
    expect(summary?.closeHeight).toBeGreaterThan(0)
  })

  it('newAddress of each type', async () => {
    expect(await alice.call(rpcs.newAddress, 'p2wkh')).toMatch(/^bcrt1q/)
    expect(await alice.call(rpcs.newAddress, 'np2wkh')).toMatch(/^2/)
    expect(await alice.call(rpcs.newAddress, 'p2tr')).toMatch(/^bcrt1p/)
  })

  it('sendCoins returns the txid and the coins arrive', async () => {
    const address = await bob.call(rpcs.newAddress, 'p2tr')
    const before = await bob.call(rpcs.walletBalance)
    const sent = await alice.call(rpcs.sendCoins, {
      address,
      amountSat: 25_000n,
      satPerVbyte: 2n,
      label: 'btcfi test',
    })
    expect(sent.txid).toMatch(/^[0-9a-f]{64}$/)
    await net.mine(1)
    let after = await bob.call(rpcs.walletBalance)
    for (
      let attempt = 0;
      attempt < 50 && after.confirmedSat < before.confirmedSat + 25_000n;
      attempt++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      after = await bob.call(rpcs.walletBalance)
    }
    expect(after.confirmedSat).toBe(before.confirmedSat + 25_000n)
  })
})

describe('messages', () => {
  it('signMessage by alice, verifyMessage by bob recovers alice', async () => {
    const message = new TextEncoder().encode('btcfi: loan #7 terms')
    const { signature } = await alice.call(rpcs.signMessage, message)
    expect(signature.length).toBeGreaterThan(50)
    expect(await bob.call(rpcs.verifyMessage, { message, signature })).toEqual({
      valid: true,
      pubkey: net.nodes.alice!.pubkey,
    })
    const tampered = await bob.call(rpcs.verifyMessage, {
      message: new TextEncoder().encode('btcfi: loan #8 terms'),
      signature,
    })
    expect(tampered.pubkey).not.toBe(net.nodes.alice!.pubkey)
  })
})

describe('connection loss', () => {
  it('a subscription throws NodeUnreachableError when the node restarts; calls work again after', async () => {
    const { hash } = secret()
    await carol.call(rpcs.addHoldInvoice, { paymentHash: hash, valueMsat: 1000n })
    const states = carol.stream(rpcs.subscribeSingleInvoice, hash)[Symbol.asyncIterator]()
    expect((await states.next()).value).toMatchObject({ state: 'OPEN' })
    const dropped = rejection(states.next())
    await net.restartNode('carol')
    // lnd ends the subscription cleanly when it shuts down: the transport
    // turns an end before SETTLED/CANCELED into a dropped connection.
    const error = await dropped
    expect(error.name).toBe('NodeUnreachableError')
    // The pool's old socket is dead: the GET is retried on a new one.
    expect((await carol.call(rpcs.getInfo)).alias).toBe('carol')
    await carol.call(rpcs.cancelInvoice, hash)
  })
})
