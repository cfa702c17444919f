import { bytesToHex, type Hex, hasErrorCode, type Payment, randomPreimage } from '@btcfi/core'
import { type Client, keysend, signMessage } from '@btcfi/sdk'
import { schnorr } from '#schnorr'
import { type Accrual, accruedMsat, dueMsat } from '../accrual/accrual.js'
import { createLimiter, type Limiter } from '../limiter/createLimiter.js'
import { streamAuthorizationText } from '../records/streamAuthorization.js'
import { streamKey } from '../records/streamKey.js'
import { encodeStreamRecords } from '../records/streamRecords.js'
import {
  type InFlightPayment,
  memoryStreamStore,
  type StreamState,
  type StreamStore,
} from '../store/StreamStore.js'

export interface StreamOptions {
  /** Stable id: the same id resumes the stored state. Default: a random one. */
  id?: string
  /** The receiver's node key. */
  destination: Hex
  /** A fixed rate (`{ msatPerSecond }`) or a schedule such as `interestSchedule(...)`. */
  accrual: Accrual
  /** How often the stream checks what is due. Default 1000 ms. */
  sendIntervalMs?: number
  /** Send only once this much is due. Default 1000 msat (lnd's smallest HTLC). */
  minSendMsat?: bigint
  /** Stop after this much has been sent. */
  capMsat?: bigint
  /** Attached to every payment's record, for the receiver (e.g. an order or loan id). */
  metadata?: Record<string, string | number>
  /** Signs every payment's record; the stream key is derived from it. At least 32 bytes. */
  secret: Uint8Array
  /**
   * Vouch for the stream's key with this node's key: on `start()` the node
   * signs (lnd `signmessage`, permission `message:write`) the stream id, the
   * stream's key and the destination, and every payment carries that
   * signature, so that the receiver can bind the stream to this node (the
   * loan desk requires it for streamed interest). Default false.
   */
  authorize?: boolean
  store?: StreamStore
  /** Shared by all streams of a node. Default: one per stream. */
  limiter?: Limiter
  feeLimitMsat?: bigint
}

export type StreamEvent =
  | { type: 'payment'; seq: number; amountMsat: bigint; totalMsat: bigint; payment: Payment }
  | { type: 'error'; error: unknown; retryInMs: number }
  | { type: 'state'; status: StreamState['status'] }

export interface StreamSummary {
  id: string
  accruedMsat: bigint
  sentMsat: bigint
  /** Accrued but below the minimum send, so not sent. */
  unsentMsat: bigint
  payments: number
}

export interface Stream {
  readonly id: string
  /** Loads the stored state (finishing a payment a crash left in flight) and starts. */
  start(): Promise<void>
  pause(): Promise<void>
  resume(): Promise<void>
  /** Stops accruing, sends what is due (≥ minSendMsat), and returns the totals. */
  stop(): Promise<StreamSummary>
  summary(): StreamSummary
  on(listener: (event: StreamEvent) => void): () => void
  [Symbol.asyncIterator](): AsyncIterator<StreamEvent>
}

/**
 * A payment stream: accrues exactly at its rate while running and pays the
 * destination by keysend whenever at least `minSendMsat` is due, one payment
 * in flight at a time. Each payment carries a bLIP-10 record (stream id,
 * seq, value, total, time, destination, metadata) signed, as a whole, by the
 * stream's key. State is saved before every
 * send: after a crash, the payment in flight is found by its hash (the same
 * preimage is used again, which the client never pays twice) before
 * anything new is sent.
 */
export function createStream(client: Client, options: StreamOptions): Stream {
  const id = options.id ?? randomPreimage().slice(0, 32)
  const store = options.store ?? memoryStreamStore()
  const limiter = options.limiter ?? createLimiter()
  const minSendMsat = options.minSendMsat ?? 1_000n
  const intervalMs = options.sendIntervalMs ?? 1_000
  const key = streamKey(options.secret, id)
  // Derived once, on the first send: every payment of the stream carries it.
  let pubkey: string | undefined
  const pubkeyOf = () => {
    pubkey ??= bytesToHex(schnorr.publicKey(key))
    return pubkey
  }
  const destination = options.destination.toLowerCase()
  let authorization: string | undefined
  const listeners = new Set<(event: StreamEvent) => void>()
  let state: StreamState = {
    id,
    destination: options.destination,
    status: 'paused',
    activeMs: '0',
    sentMsat: '0',
    seq: 0,
    inFlight: undefined,
    updatedAt: Date.now(),
  }
  let lastTick = Date.now()
  let payments = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let busy: Promise<void> = Promise.resolve()
  let backoffMs = 0
  // Set by pause() and stop() at once, before their turn in the queue comes:
  // the time a queued send still takes accrues nothing. The stored status
  // changes only when their turn comes (a crash before it finds the stream
  // as it was).
  let frozen = false
  // From stop() until its final payments are made: the event iterator ends after them.
  let stopping = false

  const emit = (event: StreamEvent) => {
    for (const listener of listeners) listener(event)
  }
  const save = async (patch: Partial<StreamState>) => {
    state = { ...state, ...patch, updatedAt: Date.now() }
    await store.save(state)
  }
  const accrue = () => {
    const now = Date.now()
    if (state.status === 'running' && !frozen)
      state = { ...state, activeMs: (BigInt(state.activeMs) + BigInt(now - lastTick)).toString() }
    lastTick = now
  }
  const accrued = () => accruedMsat(options.accrual, BigInt(state.activeMs))
  /** What a payment would carry now: accrued, not sent, capped, at least the minimum send. */
  const dueNow = () =>
    dueMsat({
      accrued: accrued(),
      sent: BigInt(state.sentMsat),
      capMsat: options.capMsat,
      minSendMsat,
    })
  /** The next wait after a failure: the interval, then doubling up to 30 s. */
  const backOff = (error: unknown) => {
    backoffMs = Math.min(30_000, backoffMs === 0 ? intervalMs : backoffMs * 2)
    emit({ type: 'error', error, retryInMs: backoffMs })
  }

  /**
   * Sends what `decide` returns once the limiter lets it go: the payment left
   * in flight, or a new one. A new payment that waited its turn so carries
   * everything accrued until then (after `stop()`, all that is left), not
   * what was due when it joined the queue.
   */
  const send = async (
    decide: () => InFlightPayment | undefined | Promise<InFlightPayment | undefined>,
  ) => {
    let payment: InFlightPayment | undefined
    try {
      const result = await limiter.run(async () => {
        payment = await decide()
        return payment && keysendOf(payment)
      })
      if (payment === undefined || result === undefined) return
      await save({ sentMsat: payment.totalMsat, seq: payment.seq, inFlight: undefined })
      payments += 1
      backoffMs = 0
      emit({
        type: 'payment',
        seq: payment.seq,
        amountMsat: BigInt(payment.amountMsat),
        totalMsat: BigInt(payment.totalMsat),
        payment: result,
      })
    } catch (error) {
      // A FAILED payment paid nothing: the amount stays accrued for the next
      // one. Anything else (a dropped connection) leaves the payment in
      // flight, to be found by its hash on the next tick.
      if (hasErrorCode(error, 'PAYMENT_FAILED')) await save({ inFlight: undefined })
      backOff(error)
    }
  }

  const keysendOf = (payment: InFlightPayment) =>
    keysend(client, {
      dest: destination,
      amountMsat: BigInt(payment.amountMsat),
      preimage: payment.preimage,
      ...(options.feeLimitMsat === undefined ? {} : { feeLimitMsat: options.feeLimitMsat }),
      customRecords: encodeStreamRecords(
        {
          stream_id: id,
          seq: payment.seq,
          value_msat: payment.amountMsat,
          value_msat_total: payment.totalMsat,
          ts: payment.ts,
          destination,
          metadata: options.metadata,
        },
        key,
        { authorization, pubkey: pubkeyOf() },
      ),
    })

  /** The next payment: what is due now, saved as in flight before it is sent. */
  const nextPayment = async (): Promise<InFlightPayment | undefined> => {
    accrue()
    const sent = BigInt(state.sentMsat)
    const due = dueNow()
    if (due <= 0n) return undefined
    const payment: InFlightPayment = {
      seq: state.seq + 1,
      amountMsat: due.toString(),
      totalMsat: (sent + due).toString(),
      preimage: randomPreimage(),
      ts: Math.floor(Date.now() / 1000),
    }
    // Saved before the send, so that a crash finds it. Not saved: not sent,
    // and not kept in flight either (the next tick sizes a new one).
    try {
      await save({ inFlight: payment })
    } catch (error) {
      state = { ...state, inFlight: undefined }
      throw error
    }
    return payment
  }

  const tick = async () => {
    accrue()
    if (state.inFlight) return send(() => state.inFlight)
    if (dueNow() > 0n) await send(nextPayment)
    else await save({})
    // At the cap: stop once what is left is below what can be sent.
    if (
      options.capMsat !== undefined &&
      state.status === 'running' &&
      !state.inFlight &&
      accrued() >= options.capMsat &&
      options.capMsat - BigInt(state.sentMsat) < minSendMsat
    ) {
      await setStatus('stopped')
    }
  }

  const schedule = () => {
    clearTimeout(timer)
    if (state.status === 'stopped') return
    timer = setTimeout(() => {
      // A tick that throws (its store failing outside a send) is reported and
      // retried after a backoff; the queue goes on.
      busy = busy.then(tick).catch(backOff).finally(schedule)
    }, backoffMs || intervalMs)
  }
  /** Runs `work` after what is queued; its error goes to its caller, and the queue goes on. */
  const serial = (work: () => Promise<void>): Promise<void> => {
    const run = busy.then(work)
    busy = run.catch(() => {})
    return run
  }
  const setStatus = async (status: StreamState['status']) => {
    accrue()
    await save({ status })
    emit({ type: 'state', status })
  }
  const summary = (): StreamSummary => {
    const total = accrued()
    const capped =
      options.capMsat !== undefined && total > options.capMsat ? options.capMsat : total
    return {
      id,
      accruedMsat: capped,
      sentMsat: BigInt(state.sentMsat),
      unsentMsat: capped - BigInt(state.sentMsat),
      payments,
    }
  }

  return {
    id,
    async start() {
      // Loaded first in the queue: a stop() or pause() called while the node
      // signs the authorization below acts on the stored state, not on a
      // fresh one that would overwrite it.
      const loading = serial(async () => {
        const stored = await store.load(id)
        if (stored) state = stored
      })
      loading.catch(() => {}) // awaited below, unless the signature fails first
      if (options.authorize && authorization === undefined) {
        const text = streamAuthorizationText({
          streamId: id,
          pubkey: pubkeyOf(),
          destination,
        })
        authorization = (await signMessage(client, { message: text })).signature
      }
      await loading
      await serial(async () => {
        lastTick = Date.now()
        if (state.inFlight) await send(() => state.inFlight)
        if (state.status !== 'stopped') await setStatus('running')
      })
      schedule()
    },
    pause() {
      accrue()
      frozen = true
      return serial(async () => {
        if (state.status !== 'stopped') await setStatus('paused')
        if (!stopping) frozen = false
      })
    },
    resume: () =>
      serial(async () => {
        if (state.status === 'stopped') return
        lastTick = Date.now()
        await setStatus('running')
      }),
    async stop() {
      clearTimeout(timer)
      // Accrual ends now, not once the send under way is done: a payment
      // still waiting for the limiter then carries all that is left.
      accrue()
      frozen = true
      stopping = true
      await serial(async () => {
        await setStatus('stopped')
        // Final flush: what is in flight, then what is due.
        for (let i = 0; i < 5 && (state.inFlight || dueNow() > 0n); i++) await tick()
      }).finally(() => {
        stopping = false
      })
      clearTimeout(timer)
      return summary()
    },
    summary,
    on(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    [Symbol.asyncIterator]() {
      const buffer: StreamEvent[] = []
      let wake: (() => void) | undefined
      const off = this.on((event) => {
        buffer.push(event)
        wake?.()
      })
      return {
        async next() {
          while (buffer.length === 0) {
            if (state.status === 'stopped' && !stopping) {
              off()
              return { done: true, value: undefined }
            }
            await new Promise<void>((resolve) => {
              wake = resolve
              setTimeout(resolve, intervalMs)
            })
          }
          return { done: false, value: buffer.shift()! }
        },
        async return() {
          off()
          return { done: true, value: undefined }
        },
      }
    },
  }
}
