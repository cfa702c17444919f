import { bytesToHex, bytesToUtf8, hexToBytes, utf8ToBytes } from '@btcfi/core'
import { sha256 } from '@noble/hashes/sha2.js'
import { concatBytes } from '@noble/hashes/utils.js'
import { schnorr } from '#schnorr'
import { STREAM_AUTHORIZATION_RECORD } from './streamAuthorization.js'

/** bLIP-10 / Podcasting 2.0 record: a JSON object describing the payment. */
export const STREAM_RECORD = '7629169'
/**
 * BIP-340 signature of the stream's key over the exact bytes of the JSON
 * record (`sha256("btcfi-stream/v2:" ‖ record)`), so that every field of it is
 * covered. Odd (ignorable by nodes that do not know it), above 65535, and away
 * from the Podcasting 2.0 types around 7629169.
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
  /** The node the payment is for (its pubkey, hex): a record cannot be re-sent to another node. */
  destination: string
  /** The stream's public key (x-only, hex), against which the signature is checked. */
  pubkey: string
  /** What the sender attached to the stream (a podcast, an order, a loan id). */
  metadata?: Record<string, string | number>
}

/** What `encodeStreamRecords` signs: the record without what it adds itself. */
export type StreamRecordFields = Omit<StreamRecord, 'action' | 'pubkey' | 'metadata'> & {
  metadata?: StreamRecord['metadata'] | undefined
}

const SIGNING_TAG = utf8ToBytes('btcfi-stream/v2:')

/** The digest a record's signature covers: the tag and the record's exact bytes. */
function digest(json: Uint8Array): Uint8Array {
  return sha256(concatBytes(SIGNING_TAG, json))
}

/**
 * The records to attach to a stream payment, signed with the stream's key.
 * `authorization`, when given, is the sender's node-key signature of the
 * stream's key (see `streamAuthorizationText`), sent along in its own record.
 * `pubkey` is the key's public key (x-only, hex) when the caller keeps it:
 * deriving it costs as much CPU as the signature, and a stream signs every
 * payment with one key.
 */
export function encodeStreamRecords(
  record: StreamRecordFields,
  privateKey: Uint8Array,
  options: { authorization?: string | undefined; pubkey?: string | undefined } = {},
): Record<string, Uint8Array> {
  const { metadata, ...rest } = record
  const full: StreamRecord = {
    action: 'stream',
    ...rest,
    destination: rest.destination.toLowerCase(),
    ...(metadata === undefined ? {} : { metadata }),
    pubkey: options.pubkey ?? bytesToHex(schnorr.publicKey(privateKey)),
  }
  const json = utf8ToBytes(JSON.stringify(full))
  return {
    [STREAM_RECORD]: json,
    [STREAM_SIGNATURE_RECORD]: schnorr.sign(digest(json), privateKey),
    ...(options.authorization === undefined
      ? {}
      : { [STREAM_AUTHORIZATION_RECORD]: utf8ToBytes(options.authorization) }),
  }
}

export type DecodedStreamRecords =
  | {
      ok: true
      record: StreamRecord
      valueMsat: bigint
      totalMsat: bigint
      /** The node-key signature of the stream's key, when the sender attached one (not checked here). */
      authorization: string | undefined
    }
  | { ok: false; reason: string }

const isHex = (value: unknown, length: number): boolean =>
  typeof value === 'string' && value.length === length && /^[0-9a-f]+$/.test(value)

const isMetadata = (value: unknown): boolean =>
  value === undefined ||
  (typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string' || typeof v === 'number'))

/**
 * Reads and checks the records of a received payment: JSON shape and the
 * stream key's signature over the record's exact bytes. Whether the key is the
 * stream's, the seq new and the destination this node is the receiver's part.
 */
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
    typeof record !== 'object' ||
    record === null ||
    record.action !== 'stream' ||
    typeof record.stream_id !== 'string' ||
    !Number.isSafeInteger(record.seq) ||
    record.seq < 1 ||
    !Number.isSafeInteger(record.ts) ||
    typeof record.value_msat !== 'string' ||
    !/^\d{1,30}$/.test(record.value_msat) ||
    typeof record.value_msat_total !== 'string' ||
    !/^\d{1,30}$/.test(record.value_msat_total) ||
    !isHex(record.destination, 66) ||
    !isHex(record.pubkey, 64) ||
    !isMetadata(record.metadata)
  ) {
    return { ok: false, reason: 'stream record has the wrong shape' }
  }
  if (!signature) return { ok: false, reason: 'stream record is not signed' }
  if (!schnorr.verify(signature, digest(json), hexToBytes(record.pubkey)))
    return { ok: false, reason: 'bad signature' }
  const authorization = records[STREAM_AUTHORIZATION_RECORD]
  return {
    ok: true,
    record,
    valueMsat: BigInt(record.value_msat),
    totalMsat: BigInt(record.value_msat_total),
    authorization: authorization === undefined ? undefined : bytesToUtf8(authorization),
  }
}
