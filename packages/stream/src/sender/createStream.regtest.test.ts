import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomPreimage } from '@btcfi/core'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, describe, expect, it } from 'vitest'
import { accruedMsat } from '../accrual/accrual.js'
import { createLimiter } from '../limiter/createLimiter.js'
import { type StreamPayment, watchStreams } from '../receiver/watchStreams.js'
import { streamKey } from '../records/streamKey.js'
import { encodeStreamRecords } from '../records/streamRecords.js'
import { fileStreamStore } from '../store/fileStreamStore.js'
import { memoryStreamStore } from '../store/StreamStore.js'
import { clientsOf } from '../testing/clients.js'
import { createStream, type StreamSummary } from './createStream.js'

const net = await getTestNetwork()
const { alice, bob, carol } = clientsOf(net)
const secret = new Uint8Array(32).fill(42)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// Receivers on carol and bob, for every test of this file.
const rejected: string[] = []
const payments: StreamPayment[] = []
const atCarol = watchStreams(carol, {
  onPayment: (p) => payments.push(p),
  onRejected: (reason) => rejected.push(reason),
})
const atBob = watchStreams(bob, { onPayment: (p) => payments.push(p) })
afterAll(() => {
  atCarol.unwatch()
  atBob.unwatch()
})
await sleep(500)

const seqsOf = (streamId: string) =>
  payments.filter((p) => p.streamId === streamId).map((p) => p.seq)

/** Each stream: sent + unsent = accrued, less than a minimum send unsent, and bob got what it sent. */
async function expectExactAtBob(summaries: readonly StreamSummary[]) {
  for (const summary of summaries) {
    expect(summary.sentMsat + summary.unsentMsat).toBe(summary.accruedMsat)
    expect(summary.unsentMsat).toBeLessThan(1_000n)
    await expect
      .poll(() => atBob.streams.get(summary.id)?.receivedMsat ?? 0n, { timeout: 20_000 })
      .toBe(summary.sentMsat)
  }
}

describe('payment streams on the regtest network', () => {
  it('streams at a fixed rate: receiver total = sender total = rate × active time, to the msat', async () => {
    const store = memoryStreamStore()
    const stream = createStream(alice, {
      destination: net.node('carol').pubkey,
      accrual: { msatPerSecond: 2_345n },
      sendIntervalMs: 500,
      secret,
      store,
      metadata: { order: 'A-17' },
    })
    await stream.start()
    // Events as an async iterator: the first is the state change, then payments.
    for await (const event of stream) {
      if (event.type === 'payment') {
        expect(event).toMatchObject({ seq: 1 })
        break
      }
    }
    await sleep(3_000)
    const summary = await stream.stop()
    const state = (await store.load(stream.id))!
    expect(summary.accruedMsat).toBe(accruedMsat({ msatPerSecond: 2_345n }, BigInt(state.activeMs)))
    expect(summary.sentMsat + summary.unsentMsat).toBe(summary.accruedMsat)
    expect(summary.unsentMsat).toBeLessThan(1_000n)
    expect(summary.payments).toBeGreaterThanOrEqual(3)
    await expect.poll(() => atCarol.streams.get(stream.id)?.receivedMsat).toBe(summary.sentMsat)
    const tally = atCarol.streams.get(stream.id)!
    expect(tally).toMatchObject({
      totalMsat: summary.sentMsat,
      missingSeqs: [],
      lastSeq: summary.payments,
    })
    // A receipt signed by carol's node key, checkable by anyone.
    const { receipt, signature } = await atCarol.receipt(stream.id)
    expect(JSON.parse(receipt)).toMatchObject({
      stream_id: stream.id,
      received_msat: summary.sentMsat.toString(),
    })
    expect(await alice.verifyMessage({ message: receipt, signature })).toEqual({
      valid: true,
      pubkey: net.node('carol').pubkey,
    })
  })

  it('carries 50 concurrent streams, all exact, within the limiter’s cap', async () => {
    const limiter = createLimiter({ maxInFlight: 20, perSecond: 40 })
    const streams = Array.from({ length: 50 }, (_, i) =>
      createStream(alice, {
        destination: net.node('bob').pubkey,
        accrual: { msatPerSecond: BigInt(1_000 + i * 37) },
        sendIntervalMs: 1_000,
        secret,
        limiter,
      }),
    )
    await Promise.all(streams.map((s) => s.start()))
    await sleep(4_000)
    const summaries = await Promise.all(streams.map((s) => s.stop()))
    await expectExactAtBob(summaries)
    expect(limiter.peakInFlight).toBeLessThanOrEqual(20)
  }, 60_000)

  it('stops streams queued behind the limiter with one payment each, carrying all they accrued', async () => {
    // One payment in flight and 4 started per second for 6 streams that
    // would each pay 5 times a second: most of them wait in the queue.
    const limiter = createLimiter({ maxInFlight: 1, perSecond: 4 })
    const streams = Array.from({ length: 6 }, () =>
      createStream(alice, {
        destination: net.node('bob').pubkey,
        accrual: { msatPerSecond: 3_000n },
        sendIntervalMs: 200,
        secret,
        limiter,
      }),
    )
    await Promise.all(streams.map((s) => s.start()))
    await sleep(2_000)
    const before = streams.reduce((sum, s) => sum + s.summary().payments, 0)
    const summaries = await Promise.all(streams.map((s) => s.stop()))
    const after = summaries.reduce((sum, s) => sum + s.payments, 0)
    // A queued payment is sized when it leaves the queue, after stop(): it
    // takes all that is left. Only the one payment in flight at stop() may
    // need a second.
    expect(after - before).toBeLessThanOrEqual(streams.length + 1)
    await expectExactAtBob(summaries)
  }, 60_000)

  it('pauses and resumes without accruing while paused, and stops at its cap', async () => {
    const store = memoryStreamStore()
    const stream = createStream(alice, {
      destination: net.node('carol').pubkey,
      accrual: { msatPerSecond: 4_000n },
      sendIntervalMs: 250,
      capMsat: 9_000n,
      secret,
      store,
    })
    await stream.start()
    await sleep(1_000)
    await stream.pause()
    const paused = BigInt((await store.load(stream.id))!.activeMs)
    await sleep(1_500)
    expect(BigInt((await store.load(stream.id))!.activeMs)).toBe(paused)
    await stream.resume()
    await expect
      .poll(async () => (await store.load(stream.id))!.status, { timeout: 10_000 })
      .toBe('stopped')
    const summary = stream.summary()
    expect(summary.accruedMsat).toBe(9_000n)
    expect(summary.sentMsat + summary.unsentMsat).toBe(9_000n)
    expect(summary.unsentMsat).toBeLessThan(1_000n)
    await expect.poll(() => atCarol.streams.get(stream.id)?.receivedMsat).toBe(summary.sentMsat)
  })

  it('survives the sender’s lnd killed mid-stream: resumes, exact, nothing sent twice', async () => {
    const store = fileStreamStore(await mkdtemp(join(tmpdir(), 'btcfi-stream-')))
    const stream = createStream(alice, {
      destination: net.node('bob').pubkey,
      accrual: { msatPerSecond: 3_000n },
      sendIntervalMs: 300,
      secret,
      store,
    })
    await stream.start()
    await expect
      .poll(() => stream.summary().payments, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(2)
    await net.killNode('alice')
    await sleep(1_000)
    await net.startNode('alice')
    // Calls made while lnd was down waited for it (the client reconnects) or failed and
    // were resolved by hash: either way, payments go on after the restart.
    const paidBeforeRestart = stream.summary().payments
    await expect
      .poll(() => stream.summary().payments, { timeout: 60_000 })
      .toBeGreaterThan(paidBeforeRestart)
    const summary = await stream.stop()
    expect(summary.sentMsat + summary.unsentMsat).toBe(summary.accruedMsat)
    await expect
      .poll(() => atBob.streams.get(stream.id)?.receivedMsat, { timeout: 30_000 })
      .toBe(summary.sentMsat)
    const seqs = seqsOf(stream.id)
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1))
    expect(atBob.streams.get(stream.id)?.missingSeqs).toEqual([])
  }, 180_000)

  it('after a crash, finds the payment in flight by its hash and never pays it twice', async () => {
    // The state a sender left when it crashed right after sending seq 1, before saving the result.
    const store = memoryStreamStore()
    const id = `crashed-${Date.now()}`
    const inFlight = {
      seq: 1,
      amountMsat: '5000',
      totalMsat: '5000',
      preimage: randomPreimage(),
      ts: 1_700_000_000,
    }
    await store.save({
      id,
      destination: net.node('bob').pubkey,
      status: 'running',
      activeMs: '5000',
      sentMsat: '0',
      seq: 0,
      inFlight,
      updatedAt: 0,
    })
    await alice.keysend({
      dest: net.node('bob').pubkey,
      amountMsat: 5_000n,
      preimage: inFlight.preimage,
      customRecords: encodeStreamRecords(
        {
          stream_id: id,
          seq: 1,
          value_msat: '5000',
          value_msat_total: '5000',
          ts: inFlight.ts,
          destination: net.node('bob').pubkey,
        },
        streamKey(secret, id),
      ),
    })
    await expect.poll(() => atBob.streams.get(id)?.receivedMsat).toBe(5_000n)

    // Restart: the stream resumes from the store and resolves seq 1 first.
    const stream = createStream(alice, {
      id,
      destination: net.node('bob').pubkey,
      accrual: { msatPerSecond: 1_000n },
      sendIntervalMs: 60_000,
      secret,
      store,
    })
    await stream.start()
    expect(stream.summary()).toMatchObject({ sentMsat: 5_000n, payments: 1 })
    expect((await store.load(id))!.inFlight).toBeUndefined()
    await stream.stop()
    expect(atBob.streams.get(id)).toMatchObject({ lastSeq: 1, receivedMsat: 5_000n, payments: 1 })
  })

  it('rejects a forged or replayed record', async () => {
    const stream = createStream(alice, {
      destination: net.node('carol').pubkey,
      accrual: { msatPerSecond: 10_000n },
      sendIntervalMs: 200,
      capMsat: 2_000n,
      secret,
    })
    let records: Record<string, Uint8Array> = {}
    stream.on((event) => {
      if (event.type === 'payment' && event.seq === 1) {
        records = event.payment.htlcs[0]?.route.hops.at(-1)?.customRecords ?? {}
      }
    })
    await stream.start()
    await expect.poll(() => atCarol.streams.get(stream.id)?.lastSeq).toBe(1)
    await stream.stop()
    const before = atCarol.streams.get(stream.id)!
    // Replay: the same signed record on a new payment.
    const replay = Object.fromEntries(
      Object.entries(records).filter(([type]) => Number(type) >= 65536 && type !== '5482373484'),
    )
    expect(Object.keys(replay).length).toBeGreaterThanOrEqual(2)
    await alice.keysend({
      dest: net.node('carol').pubkey,
      amountMsat: BigInt(before.receivedMsat),
      customRecords: replay,
    })
    await expect.poll(() => rejected).toContain('replayed seq 1')
    // Forged: a record for seq 2 with the signature of seq 1.
    const json = JSON.parse(new TextDecoder().decode(replay['7629169']))
    const forged = {
      ...replay,
      '7629169': new TextEncoder().encode(JSON.stringify({ ...json, seq: 2 })),
    }
    await alice.keysend({
      dest: net.node('carol').pubkey,
      amountMsat: BigInt(json.value_msat),
      customRecords: forged,
      preimage: randomPreimage(),
    })
    await expect.poll(() => rejected).toContain('bad signature')
    expect(atCarol.streams.get(stream.id)).toEqual(before)
  })
})
