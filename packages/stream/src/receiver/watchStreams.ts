import type { Hex, Invoice } from '@btcfi/core'
import {
  type Client,
  getInfo,
  signMessage,
  type Unwatch,
  type WatcherOptions,
  watchInvoices,
} from '@btcfi/sdk'
import { streamAuthorizationSigner } from '../records/streamAuthorization.js'
import { decodeStreamRecords, type StreamRecord } from '../records/streamRecords.js'
import {
  memoryStreamTallyStore,
  type StreamTally,
  type StreamTallyStore,
} from './StreamTallyStore.js'

export type { StreamTally } from './StreamTallyStore.js'

export interface StreamPayment {
  streamId: string
  metadata: Record<string, string | number> | undefined
  seq: number
  valueMsat: bigint
  totalMsat: bigint
  /** The signed record's time (s since the epoch, the sender's clock). */
  ts: number
  /** The node the record is addressed to (this one). */
  destination: Hex
  paymentHash: string
  /** lnd's settle index of the payment: store it to resume with `settleIndex` after a restart. */
  settleIndex: bigint
}

export interface SignedReceipt {
  /** Canonical JSON: stream id, last seq, totals, time. */
  receipt: string
  /** lnd's signature of `receipt` with the receiver's node key. */
  signature: string
}

export interface WatchStreamsParameters extends WatcherOptions {
  /** Replay the payments settled after this index (the last `StreamPayment.settleIndex` you stored). */
  settleIndex?: bigint
  /**
   * Where each stream's key and last seq are kept. Give a persistent one
   * (the loan desk gives its `LoanStore`) so that after a restart a stream
   * stays bound to its key and a replayed record is not credited again.
   * Default: in memory.
   */
  store?: StreamTallyStore
  /** This node's pubkey: records addressed to another node are rejected. Default: asked of the node (`getInfo`). */
  nodePubkey?: Hex
  /**
   * The node key that owns a new stream: its first payment is credited only
   * if the record carries that node's signature of the stream's key
   * (`STREAM_AUTHORIZATION_RECORD`, sent by `createStream({ authorize: true })`).
   * Return undefined to refuse the stream. Without `owner`, a new stream is
   * bound to the key of its first valid record.
   */
  owner?: (record: StreamRecord) => Promise<Hex | undefined> | Hex | undefined
  /**
   * A credited payment, in lnd's settle order. The promise it returns, if
   * any, is awaited before the stream's tally is saved: after a crash in
   * between, the replay from `settleIndex` brings the payment again, so make
   * it idempotent (e.g. by `settleIndex`). A payment whose `onPayment` throws
   * is not counted (the error goes to `onError`).
   */
  onPayment?: (payment: StreamPayment, tally: StreamTally) => unknown
  /** A keysend with a stream record that was not credited, and why (forged, replayed, ...). */
  onRejected?: (reason: string, invoice: Invoice) => void
  /** A sequence number was skipped. */
  onGap?: (streamId: string, missing: number[]) => void
}

export interface StreamReceiver {
  unwatch: Unwatch
  /**
   * The streams credited since this receiver started, a payment included
   * from the moment `onPayment` is called (`tally` reads the store).
   */
  streams: ReadonlyMap<string, StreamTally>
  /** A stream's tally as stored. */
  tally(streamId: string): Promise<StreamTally | undefined>
  /** msat the sender owes on top of what arrived, for a stream expected at `msatPerSecond` over `activeMs`. */
  arrears(streamId: string, expectedMsat: bigint): bigint
  /** A receipt of what arrived, signed with the receiver's node key. */
  receipt(streamId: string): Promise<SignedReceipt>
  /** Resolves once the payments received so far are handled. */
  idle(): Promise<void>
}

/**
 * Watches the node's incoming keysend payments, checks each stream record
 * (shape, the stream's signature over the whole record, that it is addressed
 * to this node, the stream's key, increasing sequence numbers, totals that add
 * up), credits valid ones to their stream, reports gaps, and signs receipts
 * with the node key. A record that fails a check is rejected: the money still
 * arrived, but the stream is not credited with it. Payments are handled one
 * at a time, in the order lnd settled them.
 */
export function watchStreams(
  client: Client,
  parameters: WatchStreamsParameters = {},
): StreamReceiver {
  const store = parameters.store ?? memoryStreamTallyStore()
  const streams = new Map<string, StreamTally>()
  const seen = new Set<string>()
  let queue = Promise.resolve()
  let nodePubkey: Promise<Hex> | undefined =
    parameters.nodePubkey === undefined
      ? undefined
      : Promise.resolve(parameters.nodePubkey.toLowerCase())
  const ownPubkey = () => {
    nodePubkey ??= getInfo(client).then(
      (info) => info.pubkey.toLowerCase(),
      (error: unknown) => {
        nodePubkey = undefined // asked again with the next payment
        throw error
      },
    )
    return nodePubkey
  }

  /** Why the payment is not credited, or the tally it makes and the one it follows. */
  const check = async (
    invoice: Invoice,
  ): Promise<
    | { reason: string }
    | { record: StreamRecord; next: StreamTally; previous: StreamTally | undefined }
    | undefined
  > => {
    const records = Object.assign({}, ...invoice.htlcs.map((h) => h.customRecords)) as Record<
      string,
      Uint8Array
    >
    const decoded = decodeStreamRecords(records)
    if (!decoded.ok) {
      return decoded.reason === 'no stream record' ? undefined : { reason: decoded.reason }
    }
    const { record, valueMsat, totalMsat, authorization } = decoded
    if (valueMsat !== invoice.amountPaidMsat) {
      return { reason: 'value_msat does not match the amount paid' }
    }
    if (record.destination !== (await ownPubkey())) {
      return { reason: 'addressed to another node' }
    }
    const previous = await store.getStreamTally(record.stream_id)
    if (previous && previous.pubkey !== record.pubkey) {
      return { reason: 'signed by another key than the stream’s' }
    }
    if (previous && record.seq <= previous.lastSeq) return { reason: `replayed seq ${record.seq}` }
    let authorizedBy = previous?.authorizedBy
    if (!previous && parameters.owner) {
      const owner = await parameters.owner(record)
      if (owner === undefined) return { reason: 'no owner for this stream' }
      const signer = await streamAuthorizationSigner(
        client,
        { streamId: record.stream_id, pubkey: record.pubkey, destination: record.destination },
        authorization,
      )
      if (signer !== owner.toLowerCase()) {
        return { reason: 'the stream’s key is not authorized by its owner' }
      }
      authorizedBy = signer
    }
    const base: StreamTally = previous ?? {
      streamId: record.stream_id,
      pubkey: record.pubkey,
      lastSeq: 0,
      totalMsat: 0n,
      receivedMsat: 0n,
      missingSeqs: [],
      payments: 0,
    }
    const contiguous = record.seq === base.lastSeq + 1
    if (contiguous && totalMsat !== base.totalMsat + valueMsat) {
      return { reason: 'value_msat_total does not add up' }
    }
    if (!contiguous && totalMsat < base.totalMsat + valueMsat) {
      return { reason: 'value_msat_total went down' }
    }
    const next: StreamTally = {
      ...base,
      ...(authorizedBy === undefined ? {} : { authorizedBy }),
      lastSeq: record.seq,
      totalMsat,
      receivedMsat: base.receivedMsat + valueMsat,
      missingSeqs: [...base.missingSeqs, ...range(base.lastSeq + 1, record.seq)],
      payments: base.payments + 1,
    }
    return { record, next, previous }
  }

  const handle = async (invoice: Invoice) => {
    const checked = await check(invoice)
    if (checked === undefined) return
    if ('reason' in checked) {
      parameters.onRejected?.(checked.reason, invoice)
      return
    }
    const { record, next, previous } = checked
    // `streams` (and receipts) show the payment while `onPayment` handles it.
    const shown = streams.get(record.stream_id)
    streams.set(record.stream_id, next)
    const missing = next.missingSeqs.slice(previous?.missingSeqs.length ?? 0)
    if (missing.length > 0) parameters.onGap?.(record.stream_id, missing)
    try {
      await parameters.onPayment?.(
        {
          streamId: record.stream_id,
          metadata: record.metadata,
          seq: record.seq,
          valueMsat: BigInt(record.value_msat),
          totalMsat: next.totalMsat,
          ts: record.ts,
          destination: record.destination,
          paymentHash: invoice.paymentHash,
          settleIndex: invoice.settleIndex,
        },
        next,
      )
    } catch (error) {
      if (shown) streams.set(record.stream_id, shown)
      else streams.delete(record.stream_id)
      throw error
    }
    if (!(await store.saveStreamTally(next, previous?.lastSeq))) {
      // Another receiver on the same store wrote first: fine if it took this payment.
      const stored = await store.getStreamTally(record.stream_id)
      if (stored) streams.set(record.stream_id, stored)
      if (stored?.pubkey !== next.pubkey || stored.lastSeq < next.lastSeq) {
        parameters.onRejected?.('the stream’s tally changed meanwhile', invoice)
      }
    }
  }

  const unwatch = watchInvoices(client, {
    ...parameters,
    onUpdate: (invoice) => {
      if (invoice.state !== 'SETTLED' || !invoice.isKeysend || seen.has(invoice.paymentHash)) return
      seen.add(invoice.paymentHash)
      queue = queue
        .then(() => handle(invoice))
        .catch((error: unknown) => {
          // Not handled: a replay (or a later copy of the invoice) may try it again.
          seen.delete(invoice.paymentHash)
          parameters.onError?.(error)
        })
    },
  })

  return {
    unwatch,
    streams,
    tally: (streamId) => store.getStreamTally(streamId),
    arrears(streamId, expectedMsat) {
      const received = streams.get(streamId)?.receivedMsat ?? 0n
      return expectedMsat > received ? expectedMsat - received : 0n
    },
    async receipt(streamId) {
      const tally = streams.get(streamId) ?? (await store.getStreamTally(streamId))
      if (!tally) throw new RangeError(`no payment of stream ${streamId} was received`)
      const receipt = JSON.stringify({
        stream_id: tally.streamId,
        last_seq: tally.lastSeq,
        received_msat: tally.receivedMsat.toString(),
        value_msat_total: tally.totalMsat.toString(),
        ts: Math.floor(Date.now() / 1000),
      })
      const { signature } = await signMessage(client, { message: receipt })
      return { receipt, signature }
    },
    idle: () => queue,
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i)
}
