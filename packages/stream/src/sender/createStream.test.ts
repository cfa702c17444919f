import { bytesToHex, type Payment, type SendPaymentRequest } from '@btcfi/core'
import { createClient } from '@btcfi/sdk'
import { backendOf, type RpcHandlers } from '@btcfi/wire'
import { sha256 } from '@noble/hashes/sha2.js'
import { describe, expect, it } from 'vitest'
import { createLimiter } from '../limiter/createLimiter.js'
import { memoryStreamStore, type StreamState, type StreamStore } from '../store/StreamStore.js'
import { createStream, type Stream, type StreamEvent } from './createStream.js'

const KEYSEND_PREIMAGE_RECORD = '5482373484'
const destination = `02${'11'.repeat(32)}`

/** A node whose keysends all succeed, recording each payment's preimage as it is sent. */
function succeedingNode(extra: RpcHandlers = {}) {
  const sent: string[] = []
  const mismatched: string[] = []
  const backend = backendOf({
    ...extra,
    sendPayment: (request: SendPaymentRequest) => {
      const preimageBytes = request.destCustomRecords![KEYSEND_PREIMAGE_RECORD]!
      const preimage = bytesToHex(preimageBytes)
      sent.push(preimage)
      if (request.paymentHash !== bytesToHex(sha256(preimageBytes))) mismatched.push(preimage)
      const payment: Payment = {
        paymentHash: request.paymentHash!,
        status: 'SUCCEEDED',
        valueMsat: request.amountMsat!,
        feeMsat: 0n,
        preimage,
        paymentRequest: undefined,
        paymentIndex: BigInt(sent.length),
        createdAt: new Date(),
        failureReason: 'NONE',
        htlcs: [],
      }
      return (async function* () {
        yield payment
      })()
    },
  })
  return { client: createClient({ backend, network: 'regtest' }), sent, mismatched }
}

/** The errors a stream reports, as they come. */
function errorsOf(stream: Stream): unknown[] {
  const errors: unknown[] = []
  stream.on((event) => {
    if (event.type === 'error') errors.push(event.error)
  })
  return errors
}

describe('createStream', () => {
  it('never sends a payment its store did not save first, even when a save fails', async () => {
    const { client, sent, mismatched } = succeedingNode()
    const saved = new Set<string>()
    const inner = memoryStreamStore()
    let failNext = true
    const store: StreamStore = {
      load: (id) => inner.load(id),
      save: async (state: StreamState) => {
        if (state.inFlight && !saved.has(state.inFlight.preimage) && failNext) {
          failNext = false
          throw new Error('disk full')
        }
        if (state.inFlight) saved.add(state.inFlight.preimage)
        await inner.save(state)
      },
    }
    const stream = createStream(client, {
      destination,
      accrual: { msatPerSecond: 100_000n },
      sendIntervalMs: 20,
      secret: new Uint8Array(32).fill(1),
      store,
    })
    const errors = errorsOf(stream)
    await stream.start()
    await expect.poll(() => sent.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(3)
    const summary = await stream.stop()
    expect(errors).toHaveLength(1)
    expect(failNext).toBe(false)
    // The payment whose save failed was dropped, not sent: every payment
    // sent was saved in flight first, each with a new preimage and its hash.
    for (const preimage of sent) expect(saved).toContain(preimage)
    expect(new Set(sent).size).toBe(sent.length)
    expect(mismatched).toEqual([])
    expect(summary.payments).toBe(sent.length)
    expect(summary.sentMsat + summary.unsentMsat).toBe(summary.accruedMsat)
  })

  it('ends its event iterator after the final payment and the stopped state, even with sends queued', async () => {
    const { client, sent } = succeedingNode()
    // Two sends a second for a stream that checks every 20 ms: its sends wait in the queue.
    const stream = createStream(client, {
      destination,
      accrual: { msatPerSecond: 100_000n },
      sendIntervalMs: 20,
      secret: new Uint8Array(32).fill(2),
      limiter: createLimiter({ maxInFlight: 1, perSecond: 2 }),
    })
    const events: StreamEvent[] = []
    const reading = (async () => {
      for await (const event of stream) events.push(event)
    })()
    await stream.start()
    await expect.poll(() => sent.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1)
    const summary = await stream.stop()
    await reading
    const payments = events.filter((e) => e.type === 'payment')
    expect(payments).toHaveLength(summary.payments)
    expect(payments.at(-1)).toMatchObject({ totalMsat: summary.sentMsat })
    expect(events).toContainEqual({ type: 'state', status: 'stopped' })
  })

  it('accrues nothing from pause() on, even while a send waits for the limiter', async () => {
    const { client } = succeedingNode()
    const stream = createStream(client, {
      destination,
      accrual: { msatPerSecond: 1_000_000n },
      sendIntervalMs: 20,
      secret: new Uint8Array(32).fill(3),
      limiter: createLimiter({ maxInFlight: 1, perSecond: 1 }),
    })
    await stream.start()
    await new Promise((resolve) => setTimeout(resolve, 100))
    const pausing = stream.pause()
    const atPause = stream.summary().accruedMsat
    await pausing
    await new Promise((resolve) => setTimeout(resolve, 300))
    // 1 msat per ms: what accrued from the call to pause() on is at most a few ms of it.
    expect(stream.summary().accruedMsat - atPause).toBeLessThan(5_000n)
    await stream.stop()
  })

  it('keeps the stored state when stop() comes while start() waits for the node to sign', async () => {
    let signed: (() => void) | undefined
    const { client, sent } = succeedingNode({
      signMessage: () =>
        new Promise((resolve) => {
          signed = () => resolve({ signature: 'signature' })
        }),
    })
    const store = memoryStreamStore()
    const stored: StreamState = {
      id: 'kept',
      destination,
      status: 'running',
      activeMs: '5000',
      sentMsat: '5000',
      seq: 3,
      inFlight: undefined,
      updatedAt: 0,
    }
    await store.save(stored)
    const stream = createStream(client, {
      id: 'kept',
      destination,
      accrual: { msatPerSecond: 1_000n },
      secret: new Uint8Array(32).fill(4),
      store,
      authorize: true,
    })
    const starting = stream.start()
    const stopping = stream.stop()
    await expect.poll(() => signed).toBeDefined()
    signed!()
    await starting
    const summary = await stopping
    expect(summary.sentMsat).toBe(5_000n)
    expect(await store.load('kept')).toMatchObject({ status: 'stopped', seq: 3, sentMsat: '5000' })
    expect(sent).toEqual([])
  })

  it('goes on after its store fails outside a send: the error is reported and stop() still works', async () => {
    const { client } = succeedingNode()
    const inner = memoryStreamStore()
    let failures = 1
    const store: StreamStore = {
      load: (id) => inner.load(id),
      save: async (state) => {
        if (state.status === 'running' && !state.inFlight && failures > 0) {
          failures -= 1
          throw new Error('disk full')
        }
        await inner.save(state)
      },
    }
    const stream = createStream(client, {
      destination,
      accrual: { msatPerSecond: 1n }, // nothing is due for a long time: each tick only saves
      sendIntervalMs: 10,
      secret: new Uint8Array(32).fill(5),
      store,
    })
    const errors = errorsOf(stream)
    failures = 0
    await stream.start()
    failures = 1
    await expect.poll(() => errors.length, { timeout: 5_000 }).toBe(1)
    await expect(stream.stop()).resolves.toMatchObject({ payments: 0 })
    expect((await inner.load(stream.id))?.status).toBe('stopped')
  })
})
