import type { Hex } from '@btcfi/core'
import { base64ToBytes, base64ToHex, bytesToBase64, hexToBase64 } from '@btcfi/core'

// Helpers shared by the mapping files: how lnd's REST JSON encodes each proto
// type. lnd marshals with `EmitUnpopulated`, so every field is present; they
// stay tolerant of a missing field (an older lnd, a newer proto) by reading it
// as its zero value, as protobuf itself does.

/** A proto int64/uint64: a decimal string in JSON. */
export type WireInt64 = string
/** A proto `bytes`: standard base64 in JSON. */
export type WireBytes = string
/** A proto `map<uint64, bytes>`: decimal-string keys, base64 values. */
export type WireRecords = Record<string, WireBytes>

/** int64/uint64 (a decimal string, or a number from a lenient proxy) → bigint. */
export function toBigInt(value: string | number | undefined | null): bigint {
  return value === undefined || value === null || value === '' ? 0n : BigInt(value)
}

/** uint32/int32, or an int64 known to fit (heights, deltas, seconds) → number. */
export function toNumber(value: string | number | undefined | null): number {
  return value === undefined || value === null || value === '' ? 0 : Number(value)
}

/** base64 `bytes` → lowercase hex ('' for empty). */
export function toHex(value: WireBytes | undefined | null): Hex {
  return value ? base64ToHex(value) : ''
}

/** base64 `bytes` → lowercase hex, or undefined when empty. */
export function toOptionalHex(value: WireBytes | undefined | null): Hex | undefined {
  return value ? base64ToHex(value) : undefined
}

/** A hex string that lnd fills with zeros when unset (payment preimages) → undefined then. */
export function nonZeroHex(value: string | undefined | null): Hex | undefined {
  if (!value || /^0*$/.test(value)) return undefined
  return value.toLowerCase()
}

/** Unix seconds → Date. */
export function secondsToDate(value: string | number | undefined | null): Date {
  return new Date(toNumber(value) * 1000)
}

/** Unix seconds, 0 meaning "not yet" → Date or undefined. */
export function optionalSecondsToDate(value: string | number | undefined | null): Date | undefined {
  const seconds = toNumber(value)
  return seconds > 0 ? new Date(seconds * 1000) : undefined
}

/** Unix nanoseconds (an int64 string) → Date (millisecond precision). */
export function nanosToDate(value: string | number | undefined | null): Date {
  return new Date(Number(toBigInt(value) / 1_000_000n))
}

/** Unix nanoseconds, 0 meaning "not yet" → Date or undefined. */
export function optionalNanosToDate(value: string | number | undefined | null): Date | undefined {
  const nanos = toBigInt(value)
  return nanos > 0n ? new Date(Number(nanos / 1_000_000n)) : undefined
}

/**
 * Byte-reversed hex. lnd's `bytes` txids (`funding_txid_bytes`, close updates)
 * are in the hash's internal byte order; the txid people and explorers use is
 * the reverse of it.
 */
export function reverseHex(hex: Hex): Hex {
  let out = ''
  for (let i = hex.length - 2; i >= 0; i -= 2) out += hex.slice(i, i + 2)
  return out
}

/** Custom TLV records from the wire. */
export function recordsFromWire(
  records: WireRecords | undefined | null,
): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {}
  if (!records) return out
  for (const key in records) {
    const value = records[key]
    if (value !== undefined) out[key] = base64ToBytes(value)
  }
  return out
}

/** Custom TLV records to the wire. */
export function recordsToWire(records: Record<string, Uint8Array>): WireRecords {
  const out: WireRecords = {}
  for (const key in records) {
    const value = records[key]
    if (value !== undefined) out[key] = bytesToBase64(value)
  }
  return out
}

/** Hex → base64 for a `bytes` field of a request body. */
export function bytesField(hex: Hex): WireBytes {
  return hexToBase64(hex)
}

/** The mapping of a reply with nothing in it. */
export const noReply = (): undefined => undefined

/** The end rule of a stream lnd never ends (only a shutdown does). */
export const endless = (): boolean => false
