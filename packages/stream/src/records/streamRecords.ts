import { bytesToHex, bytesToUtf8, hexToBytes, utf8ToBytes } from '@btcfi/core'
import { schnorr } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'

/** bLIP-10 / Podcasting 2.0 record: a JSON object describing the payment. */
export const STREAM_RECORD = '7629169'
/**
 * BIP-340 signature of the stream's key over (stream id, seq, total). Odd
 * (ignorable by nodes that do not know it), above 65535, and away from the
 * Podcasting 2.0 types around 7629169.
 */
export const STREAM_SIGNATURE_RECORD = '1112818503'

/** What the JSON record of every stream payment carries (bLIP-10 field names). */
export interface StreamRecord {
  action: 'stream'
  stream_id: string
  seq: number
  value_msat: string
  value_msat_total: string
  ts: number
  /** The stream's public key (x-only, hex), against which the signature is checked. */
  pubkey: string
  /** What the sender attached to the stream (a podcast, an order, a loan id). */
  metadata?: Record<string, string | number>
}

function digest(streamId: string, seq: number, totalMsat: bigint): Uint8Array {
  return sha256(utf8ToBytes(`btcfi-stream/v1:${streamId}:${seq}:${totalMsat}`))
}

/** The records to attach to a stream payment, signed with the stream's key. */
export function encodeStreamRecords(
  record: Omit<StreamRecord, 'action' | 'pubkey' | 'metadata'> & {
    metadata?: StreamRecord['metadata'] | undefined
  },
  privateKey: Uint8Array,
): Record<string, Uint8Array> {
  const { metadata, ...rest } = record
  const full: StreamRecord = {
    action: 'stream',
    ...rest,
    ...(metadata === undefined ? {} : { metadata }),
    pubkey: bytesToHex(schnorr.getPublicKey(privateKey)),
  }
  const signature = schnorr.sign(
    digest(record.stream_id, record.seq, BigInt(record.value_msat_total)),
    privateKey,
  )
  return {
    [STREAM_RECORD]: utf8ToBytes(JSON.stringify(full)),
    [STREAM_SIGNATURE_RECORD]: signature,
  }
}

export type DecodedStreamRecords =
  | { ok: true; record: StreamRecord; valueMsat: bigint; totalMsat: bigint }
  | { ok: false; reason: string }

/** Reads and checks the records of a received payment: JSON shape and signature. */
export function decodeStreamRecords(records: Record<string, Uint8Array>): DecodedStreamRecords {
  const json = records[STREAM_RECORD]
  const signature = records[STREAM_SIGNATURE_RECORD]
  if (!json) return { ok: false, reason: 'no stream record' }
  let record: StreamRecord
  try {
    record = JSON.parse(bytesToUtf8(json)) as StreamRecord
  } catch {
    return { ok: false, reason: 'stream record is not JSON' }
  }
  if (
    record.action !== 'stream' ||
    typeof record.stream_id !== 'string' ||
    !Number.isInteger(record.seq) ||
    record.seq < 1 ||
    !/^\d+$/.test(String(record.value_msat)) ||
    !/^\d+$/.test(String(record.value_msat_total)) ||
    !/^[0-9a-f]{64}$/.test(String(record.pubkey))
  ) {
    return { ok: false, reason: 'stream record has the wrong shape' }
  }
  if (!signature) return { ok: false, reason: 'stream record is not signed' }
  const totalMsat = BigInt(record.value_msat_total)
  let valid = false
  try {
    valid = schnorr.verify(
      signature,
      digest(record.stream_id, record.seq, totalMsat),
      hexToBytes(record.pubkey),
    )
  } catch {
    valid = false
  }
  if (!valid) return { ok: false, reason: 'bad signature' }
  return { ok: true, record, valueMsat: BigInt(record.value_msat), totalMsat }
}
