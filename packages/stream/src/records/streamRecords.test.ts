import { bytesToUtf8, utf8ToBytes } from '@btcfi/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { STREAM_AUTHORIZATION_RECORD } from './streamAuthorization.js'
import { streamKey } from './streamKey.js'
import {
  decodeStreamRecords,
  encodeStreamRecords,
  STREAM_RECORD,
  STREAM_SIGNATURE_RECORD,
  type StreamRecordFields,
} from './streamRecords.js'

const key = streamKey(new Uint8Array(32).fill(7), 'stream-1')
const desk = `02${'d'.repeat(64)}`
const record: StreamRecordFields = {
  stream_id: 'stream-1',
  seq: 3,
  value_msat: '1500',
  value_msat_total: '4500',
  ts: 1_700_000_000,
  destination: desk,
  metadata: { loan: 'loan-1' },
}

const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length })
const msat = fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String)
const fieldsArb: fc.Arbitrary<StreamRecordFields> = fc.record({
  stream_id: fc.string({ minLength: 1, maxLength: 40 }),
  seq: fc.integer({ min: 1, max: 2 ** 40 }),
  value_msat: msat,
  value_msat_total: msat,
  ts: fc.integer({ min: 0, max: 2 ** 40 }),
  destination: fc.constantFrom('02', '03').chain((prefix) => hex(64).map((x) => prefix + x)),
  metadata: fc.option(
    fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer())),
    {
      nil: undefined,
    },
  ),
})

/** A valid value of `field` other than `current`. */
const otherValue = (field: string, current: unknown): fc.Arbitrary<unknown> => {
  switch (field) {
    case 'stream_id':
      return fc.string({ minLength: 1 }).filter((v) => v !== current)
    case 'seq':
    case 'ts':
      return fc.integer({ min: 1, max: 2 ** 40 }).filter((v) => v !== current)
    case 'value_msat':
    case 'value_msat_total':
      return msat.filter((v) => v !== current)
    case 'destination':
      return hex(64)
        .map((x) => `03${x}`)
        .filter((v) => v !== current)
    case 'pubkey':
      return hex(64).filter((v) => v !== current)
    default: // metadata: the loan (or whatever the payment is credited to)
      return fc
        .record({ loan: fc.string() })
        .filter((v) => JSON.stringify(v) !== JSON.stringify(current))
  }
}

const COVERED = [
  'stream_id',
  'seq',
  'value_msat',
  'value_msat_total',
  'ts',
  'destination',
  'pubkey',
  'metadata',
] as const

const withJson = (records: Record<string, Uint8Array>, json: unknown) => ({
  ...records,
  [STREAM_RECORD]: utf8ToBytes(JSON.stringify(json)),
})

describe('stream records', () => {
  it('round-trips any signed record', () => {
    fc.assert(
      fc.property(fieldsArb, (fields) => {
        const decoded = decodeStreamRecords(encodeStreamRecords(fields, key))
        expect(decoded).toMatchObject({
          ok: true,
          valueMsat: BigInt(fields.value_msat),
          totalMsat: BigInt(fields.value_msat_total),
          authorization: undefined,
          record: {
            action: 'stream',
            stream_id: fields.stream_id,
            seq: fields.seq,
            ts: fields.ts,
            destination: fields.destination,
          },
        })
        if (decoded.ok) expect(decoded.record.metadata).toEqual(fields.metadata)
      }),
      { numRuns: 50 },
    )
  })

  it('carries the pubkey given for the key, as it would derive it, and verifies', () => {
    const derived = encodeStreamRecords(record, key)
    const pubkey = JSON.parse(bytesToUtf8(derived[STREAM_RECORD]!)).pubkey as string
    const given = encodeStreamRecords(record, key, { pubkey })
    expect(given[STREAM_RECORD]).toEqual(derived[STREAM_RECORD])
    expect(decodeStreamRecords(given).ok).toBe(true)
  })

  it('any covered field changed after signing breaks the signature', () => {
    const pubkey = JSON.parse(bytesToUtf8(encodeStreamRecords(record, key)[STREAM_RECORD]!)).pubkey
    const forgery = fc.tuple(fieldsArb, fc.constantFrom(...COVERED)).chain(([fields, field]) =>
      otherValue(field, field === 'pubkey' ? pubkey : fields[field]).map((value) => ({
        fields,
        field,
        value,
      })),
    )
    fc.assert(
      fc.property(forgery, ({ fields, field, value }) => {
        const records = encodeStreamRecords(fields, key)
        const json = JSON.parse(bytesToUtf8(records[STREAM_RECORD]!)) as Record<string, unknown>
        const forged = withJson(records, { ...json, [field]: value })
        expect(decodeStreamRecords(forged)).toEqual({ ok: false, reason: 'bad signature' })
      }),
      { numRuns: 300 },
    )
  })

  it('any byte of the record changed after signing is refused', () => {
    fc.assert(
      fc.property(fieldsArb, fc.nat(), fc.integer({ min: 1, max: 255 }), (fields, at, xor) => {
        const records = encodeStreamRecords(fields, key)
        const json = Uint8Array.from(records[STREAM_RECORD]!)
        json[at % json.length]! ^= xor
        expect(decodeStreamRecords({ ...records, [STREAM_RECORD]: json }).ok).toBe(false)
      }),
      { numRuns: 200 },
    )
  })

  it('a record re-addressed, re-targeted to another loan or re-timed no longer verifies', () => {
    const records = encodeStreamRecords(record, key)
    const json = JSON.parse(bytesToUtf8(records[STREAM_RECORD]!))
    for (const forged of [
      { ...json, destination: `03${'e'.repeat(64)}` },
      { ...json, metadata: { loan: 'loan-2' } },
      { ...json, ts: json.ts + 1 },
      { ...json, value_msat: '9000' },
      { ...json, extra: 'field' },
    ]) {
      expect(decodeStreamRecords(withJson(records, forged))).toEqual({
        ok: false,
        reason: 'bad signature',
      })
    }
  })

  it('rejects a record signed by another key claiming the stream’s key', () => {
    const genuine = encodeStreamRecords(record, key)
    const other = encodeStreamRecords(record, streamKey(new Uint8Array(32).fill(8), 'stream-1'))
    expect(
      decodeStreamRecords({
        ...genuine,
        [STREAM_SIGNATURE_RECORD]: other[STREAM_SIGNATURE_RECORD]!,
      }),
    ).toEqual({ ok: false, reason: 'bad signature' })
  })

  it('carries the sender’s authorization in its own record', () => {
    const records = encodeStreamRecords(record, key, { authorization: 'sig-by-node' })
    expect(bytesToUtf8(records[STREAM_AUTHORIZATION_RECORD]!)).toBe('sig-by-node')
    expect(decodeStreamRecords(records)).toMatchObject({ ok: true, authorization: 'sig-by-node' })
    expect(encodeStreamRecords(record, key)[STREAM_AUTHORIZATION_RECORD]).toBeUndefined()
  })

  it('rejects unsigned, malformed and foreign records', () => {
    const records = encodeStreamRecords(record, key)
    const json = JSON.parse(bytesToUtf8(records[STREAM_RECORD]!))
    expect(decodeStreamRecords({ [STREAM_RECORD]: records[STREAM_RECORD]! })).toMatchObject({
      reason: 'stream record is not signed',
    })
    expect(decodeStreamRecords({ [STREAM_RECORD]: utf8ToBytes('{nope') })).toMatchObject({
      ok: false,
    })
    expect(
      decodeStreamRecords({ [STREAM_RECORD]: utf8ToBytes('{"action":"boost"}') }),
    ).toMatchObject({ ok: false })
    for (const malformed of [
      { ...json, destination: undefined },
      { ...json, destination: 'not hex' },
      { ...json, ts: 1.5 },
      { ...json, value_msat: 1500 },
      { ...json, metadata: { loan: { nested: true } } },
      null,
      7,
    ]) {
      expect(decodeStreamRecords(withJson(records, malformed))).toEqual({
        ok: false,
        reason: 'stream record has the wrong shape',
      })
    }
    expect(decodeStreamRecords({})).toEqual({ ok: false, reason: 'no stream record' })
  })

  it('derives distinct keys per stream and refuses short secrets', () => {
    expect(streamKey(new Uint8Array(32), 'a')).not.toEqual(streamKey(new Uint8Array(32), 'b'))
    expect(() => streamKey(new Uint8Array(16), 'a')).toThrow(TypeError)
  })
})
