import type { Invoice } from '@btcfi/core'
import {
  type Client,
  signMessage,
  type Unwatch,
  type WatcherOptions,
  watchInvoices,
} from '@btcfi/sdk'
import { decodeStreamRecords } from '../records/streamRecords.js'

/** What the receiver knows of one stream. */
export interface StreamTally {
  streamId: string
  /** The stream's key, pinned at its first payment. */
  pubkey: string
  lastSeq: number
  /** The total the sender says it has sent (signed). */
  totalMsat: bigint
  /** What actually arrived with valid records. */
  receivedMsat: bigint
  /** Sequence numbers that never arrived. */
  missingSeqs: number[]
  /** Stream payments with a valid record. */
  payments: number
}

export interface StreamPayment {
  streamId: string
  metadata: Record<string, string | number> | undefined
  seq: number
  valueMsat: bigint
  totalMsat: bigint
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
  onPayment?: (payment: StreamPayment, tally: StreamTally) => void
  /** A keysend with a stream record that was not credited, and why (forged, replayed, ...). */
  onRejected?: (reason: string, invoice: Invoice) => void
  /** A sequence number was skipped. */
  onGap?: (streamId: string, missing: number[]) => void
}

export interface StreamReceiver {
  unwatch: Unwatch
  streams: ReadonlyMap<string, StreamTally>
  /** msat the sender owes on top of what arrived, for a stream expected at `msatPerSecond` over `activeMs`. */
  arrears(streamId: string, expectedMsat: bigint): bigint
  /** A receipt of what arrived, signed with the receiver's node key. */
  receipt(streamId: string): Promise<SignedReceipt>
}

/**
 * Watches the node's incoming keysend payments, checks each stream record
 * (shape, the stream's signature, its key, increasing sequence numbers,
 * totals that add up), credits valid ones to their stream, reports gaps, and
 * signs receipts with the node key. A record that fails a check is rejected:
 * the money still arrived, but the stream is not credited with it.
 */
export function watchStreams(
  client: Client,
  parameters: WatchStreamsParameters = {},
): StreamReceiver {
  const streams = new Map<string, StreamTally>()
  const seen = new Set<string>()
  const reject = (reason: string, invoice: Invoice) => parameters.onRejected?.(reason, invoice)

  const unwatch = watchInvoices(client, {
    ...parameters,
    onUpdate: (invoice) => {
      if (invoice.state !== 'SETTLED' || !invoice.isKeysend || seen.has(invoice.paymentHash)) return
      seen.add(invoice.paymentHash)
      const records = Object.assign({}, ...invoice.htlcs.map((h) => h.customRecords)) as Record<
        string,
        Uint8Array
      >
      const decoded = decodeStreamRecords(records)
      if (!decoded.ok) {
        if (decoded.reason !== 'no stream record') reject(decoded.reason, invoice)
        return
      }
      const { record, valueMsat, totalMsat } = decoded
      if (valueMsat !== invoice.amountPaidMsat)
        return reject('value_msat does not match the amount paid', invoice)
      const tally = streams.get(record.stream_id)
      if (tally && tally.pubkey !== record.pubkey)
        return reject('signed by another key than the stream’s', invoice)
      if (tally && record.seq <= tally.lastSeq) return reject(`replayed seq ${record.seq}`, invoice)
      const previous = tally ?? {
        streamId: record.stream_id,
        pubkey: record.pubkey,
        lastSeq: 0,
        totalMsat: 0n,
        receivedMsat: 0n,
        missingSeqs: [],
        payments: 0,
      }
      const contiguous = record.seq === previous.lastSeq + 1
      if (contiguous && totalMsat !== previous.totalMsat + valueMsat) {
        return reject('value_msat_total does not add up', invoice)
      }
      if (!contiguous && totalMsat < previous.totalMsat + valueMsat) {
        return reject('value_msat_total went down', invoice)
      }
      const missing = contiguous ? [] : range(previous.lastSeq + 1, record.seq)
      const next: StreamTally = {
        ...previous,
        lastSeq: record.seq,
        totalMsat,
        receivedMsat: previous.receivedMsat + valueMsat,
        missingSeqs: [...previous.missingSeqs, ...missing],
        payments: previous.payments + 1,
      }
      streams.set(record.stream_id, next)
      if (missing.length > 0) parameters.onGap?.(record.stream_id, missing)
      parameters.onPayment?.(
        {
          streamId: record.stream_id,
          metadata: record.metadata,
          seq: record.seq,
          valueMsat,
          totalMsat,
          paymentHash: invoice.paymentHash,
          settleIndex: invoice.settleIndex,
        },
        next,
      )
    },
  })

  return {
    unwatch,
    streams,
    arrears(streamId, expectedMsat) {
      const received = streams.get(streamId)?.receivedMsat ?? 0n
      return expectedMsat > received ? expectedMsat - received : 0n
    },
    async receipt(streamId) {
      const tally = streams.get(streamId)
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
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i)
}
