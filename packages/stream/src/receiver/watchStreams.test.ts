import { afterEach, describe, expect, it } from 'vitest'
import { streamAuthorizationText } from '../records/streamAuthorization.js'
import { streamKey } from '../records/streamKey.js'
import { encodeStreamRecords } from '../records/streamRecords.js'
import { fakeNode } from '../testing/fakeNode.js'
import { memoryStreamTallyStore, type StreamTallyStore } from './StreamTallyStore.js'
import { type StreamPayment, type StreamReceiver, watchStreams } from './watchStreams.js'

const RECEIVER = `02${'d'.repeat(64)}`
const OWNER = `03${'a'.repeat(64)}`
const MALLORY = `03${'f'.repeat(64)}`
const genuineKey = streamKey(new Uint8Array(32).fill(1), 'loan-interest-1')
const otherKey = streamKey(new Uint8Array(32).fill(2), 'loan-interest-1')
const x = (key: Uint8Array) =>
  JSON.parse(new TextDecoder().decode(encodeStreamRecords(fields(1, 1_000n), key)['7629169']))
    .pubkey as string

function fields(seq: number, totalMsat: bigint, valueMsat = 1_000n) {
  return {
    stream_id: 'loan-interest-1',
    seq,
    value_msat: valueMsat.toString(),
    value_msat_total: totalMsat.toString(),
    ts: 1_700_000_000 + seq,
    destination: RECEIVER,
    metadata: { loan: '1' },
  }
}

interface Run {
  receiver: StreamReceiver
  paid: StreamPayment[]
  rejected: string[]
  errors: unknown[]
  gaps: number[][]
}

const running: StreamReceiver[] = []
afterEach(() => {
  for (const receiver of running.splice(0)) receiver.unwatch()
})

function receive(
  node: ReturnType<typeof fakeNode>,
  store: StreamTallyStore,
  options: {
    owner?: () => string | undefined
    onPayment?: (p: StreamPayment) => unknown
    settleIndex?: bigint
  } = {},
): Run {
  const paid: StreamPayment[] = []
  const rejected: string[] = []
  const errors: unknown[] = []
  const gaps: number[][] = []
  const receiver = watchStreams(node.client, {
    store,
    ...(options.settleIndex === undefined ? {} : { settleIndex: options.settleIndex }),
    ...(options.owner ? { owner: async () => options.owner?.() } : {}),
    onPayment: async (payment) => {
      await options.onPayment?.(payment)
      paid.push(payment)
    },
    onRejected: (reason) => rejected.push(reason),
    onGap: (_id, missing) => gaps.push(missing),
    onError: (error) => errors.push(error),
  })
  const run: Run = { receiver, paid, rejected, errors, gaps }
  running.push(run.receiver)
  return run
}

/** Lets the receiver subscribe, then waits until what was sent is handled. */
const settle = async (run: Run) => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 5))
  await run.receiver.idle()
}

describe('watchStreams', () => {
  it('keeps a stream bound to its key and its seq across a restart on the same store', async () => {
    const node = fakeNode(RECEIVER)
    const store = memoryStreamTallyStore()
    const first = receive(node, store)
    await settle(first)
    const seq1 = encodeStreamRecords(fields(1, 1_000n), genuineKey)
    node.keysend(seq1, 1_000n)
    await settle(first)
    expect(first.paid.map((p) => p.seq)).toEqual([1])
    first.receiver.unwatch()

    // The restart: a new receiver, the same store.
    const second = receive(node, store)
    await settle(second)
    node.keysend(encodeStreamRecords(fields(2, 2_000n), otherKey), 1_000n)
    node.keysend(seq1, 1_000n) // the seq 1 record, paid again
    node.keysend(encodeStreamRecords(fields(2, 2_000n), genuineKey), 1_000n)
    await settle(second)
    expect(second.rejected).toEqual(['signed by another key than the stream’s', 'replayed seq 1'])
    expect(second.paid.map((p) => p.seq)).toEqual([2])
    expect(await second.receiver.tally('loan-interest-1')).toMatchObject({
      pubkey: x(genuineKey),
      lastSeq: 2,
      receivedMsat: 2_000n,
      payments: 2,
    })
  })

  it('with an owner, pins only a key the owner’s node signed, and keeps it pinned', async () => {
    const node = fakeNode(RECEIVER)
    const store = memoryStreamTallyStore()
    const run = receive(node, store, { owner: () => OWNER })
    await settle(run)
    const text = (key: Uint8Array) =>
      streamAuthorizationText({
        streamId: 'loan-interest-1',
        pubkey: x(key),
        destination: RECEIVER,
      })
    // Someone else first: no authorization, then one from his own node, then the owner's
    // signature of the genuine key replayed for his key.
    node.keysend(encodeStreamRecords(fields(1, 1_000n), otherKey), 1_000n)
    node.keysend(
      encodeStreamRecords(fields(1, 1_000n), otherKey, {
        authorization: node.signatureOf(text(otherKey), MALLORY),
      }),
      1_000n,
    )
    node.keysend(
      encodeStreamRecords(fields(1, 1_000n), otherKey, {
        authorization: node.signatureOf(text(genuineKey), OWNER),
      }),
      1_000n,
    )
    node.keysend(
      encodeStreamRecords(fields(1, 1_000n), otherKey, { authorization: 'garbage' }),
      1_000n,
    )
    await settle(run)
    expect(run.rejected).toEqual(Array(4).fill('the stream’s key is not authorized by its owner'))
    expect(await store.getStreamTally('loan-interest-1')).toBeUndefined()

    // The owner's stream is pinned, and stays so.
    const authorization = node.signatureOf(text(genuineKey), OWNER)
    node.keysend(encodeStreamRecords(fields(1, 1_000n), genuineKey, { authorization }), 1_000n)
    await settle(run)
    expect(run.paid.map((p) => p.seq)).toEqual([1])
    expect(await store.getStreamTally('loan-interest-1')).toMatchObject({
      pubkey: x(genuineKey),
      authorizedBy: OWNER,
    })
    node.keysend(
      encodeStreamRecords(fields(2, 2_000n), otherKey, {
        authorization: node.signatureOf(text(otherKey), OWNER),
      }),
      1_000n,
    )
    await settle(run)
    expect(run.rejected.at(-1)).toBe('signed by another key than the stream’s')
  })

  it('refuses a stream without an owner, and a record addressed to another node', async () => {
    const node = fakeNode(RECEIVER)
    const run = receive(node, memoryStreamTallyStore(), { owner: () => undefined })
    await settle(run)
    node.keysend(encodeStreamRecords(fields(1, 1_000n), genuineKey), 1_000n)
    node.keysend(
      encodeStreamRecords({ ...fields(1, 1_000n), destination: `03${'e'.repeat(64)}` }, genuineKey),
      1_000n,
    )
    node.keysend(encodeStreamRecords(fields(1, 1_000n), genuineKey), 999n)
    await settle(run)
    expect(run.rejected).toEqual([
      'no owner for this stream',
      'addressed to another node',
      'value_msat does not match the amount paid',
    ])
    expect(run.paid).toEqual([])
  })

  it('counts a payment only once its handler succeeded, and reports gaps', async () => {
    const node = fakeNode(RECEIVER)
    const store = memoryStreamTallyStore()
    let failing = true
    const run = receive(node, store, {
      onPayment: () => {
        if (failing) throw new Error('store down')
      },
    })
    await settle(run)
    node.keysend(encodeStreamRecords(fields(1, 1_000n), genuineKey), 1_000n)
    await settle(run)
    expect(run.errors).toHaveLength(1)
    expect(await store.getStreamTally('loan-interest-1')).toBeUndefined()
    run.receiver.unwatch()

    // After a restart, the replay from the settle index credits it.
    failing = false
    const again = receive(node, store, { settleIndex: 0n })
    await settle(again)
    node.keysend(encodeStreamRecords(fields(4, 4_000n), genuineKey), 1_000n)
    node.keysend(encodeStreamRecords(fields(6, 3_000n), genuineKey), 1_000n)
    await settle(again)
    expect(again.paid.map((p) => [p.seq, p.settleIndex])).toEqual([
      [1, 1n],
      [4, 2n],
    ])
    expect(again.gaps).toEqual([[2, 3]])
    expect(again.rejected).toEqual(['value_msat_total went down'])
    expect(await again.receiver.tally('loan-interest-1')).toMatchObject({
      lastSeq: 4,
      missingSeqs: [2, 3],
      receivedMsat: 2_000n,
    })
  })

  it('shows a payment in `streams` and receipts while onPayment handles it', async () => {
    const node = fakeNode(RECEIVER)
    const seenInHandler: unknown[] = []
    let receiver: StreamReceiver | undefined
    const run = receive(node, memoryStreamTallyStore(), {
      onPayment: async (payment) => {
        seenInHandler.push(receiver?.streams.get(payment.streamId)?.lastSeq)
        seenInHandler.push(JSON.parse((await receiver!.receipt(payment.streamId)).receipt).last_seq)
      },
    })
    receiver = run.receiver
    await settle(run)
    node.keysend(encodeStreamRecords(fields(1, 1_000n), genuineKey), 1_000n)
    node.keysend(encodeStreamRecords(fields(2, 2_000n), genuineKey), 1_000n)
    await settle(run)
    expect(seenInHandler).toEqual([1, 1, 2, 2])
  })

  it('asks the node for its pubkey once', async () => {
    const node = fakeNode(RECEIVER)
    const run = receive(node, memoryStreamTallyStore())
    await settle(run)
    node.keysend(encodeStreamRecords(fields(1, 1_000n), genuineKey), 1_000n)
    node.keysend(encodeStreamRecords(fields(2, 2_000n), genuineKey), 1_000n)
    await settle(run)
    expect(run.paid).toHaveLength(2)
    expect(node.calls.filter((c) => c === 'getInfo')).toHaveLength(1)
  })
})

describe('memoryStreamTallyStore', () => {
  it('pins a stream once and moves it on only from the seq it follows, with its key', async () => {
    const store = memoryStreamTallyStore()
    const tally = {
      streamId: 's',
      pubkey: 'k1',
      lastSeq: 1,
      totalMsat: 1n,
      receivedMsat: 1n,
      missingSeqs: [],
      payments: 1,
    }
    expect(await store.saveStreamTally(tally, undefined)).toBe(true)
    expect(await store.saveStreamTally({ ...tally, pubkey: 'k2' }, undefined)).toBe(false)
    expect(await store.saveStreamTally({ ...tally, pubkey: 'k2', lastSeq: 2 }, 1)).toBe(false)
    expect(await store.saveStreamTally({ ...tally, lastSeq: 3 }, 2)).toBe(false)
    expect(await store.saveStreamTally({ ...tally, lastSeq: 2, missingSeqs: [9] }, 1)).toBe(true)
    expect(await store.getStreamTally('s')).toEqual({ ...tally, lastSeq: 2, missingSeqs: [9] })
    expect(await store.getStreamTally('t')).toBeUndefined()
  })
})
