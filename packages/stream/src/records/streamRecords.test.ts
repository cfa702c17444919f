import { utf8ToBytes } from '@btcfi/core'
import { describe, expect, it } from 'vitest'
import { streamKey } from './streamKey.js'
import {
  decodeStreamRecords,
  encodeStreamRecords,
  STREAM_RECORD,
  STREAM_SIGNATURE_RECORD,
} from './streamRecords.js'

const key = streamKey(new Uint8Array(32).fill(7), 'stream-1')
const record = {
  stream_id: 'stream-1',
  seq: 3,
  value_msat: '1500',
  value_msat_total: '4500',
  ts: 1_700_000_000,
}

describe('stream records', () => {
  it('round-trips a signed record', () => {
    const decoded = decodeStreamRecords(encodeStreamRecords(record, key))
    expect(decoded).toMatchObject({
      ok: true,
      valueMsat: 1_500n,
      totalMsat: 4_500n,
      record: { seq: 3, action: 'stream' },
    })
  })

  it('rejects a record whose total was changed after signing', () => {
    const records = encodeStreamRecords(record, key)
    const forged = {
      ...JSON.parse(new TextDecoder().decode(records[STREAM_RECORD])),
      value_msat_total: '9000',
    }
    records[STREAM_RECORD] = utf8ToBytes(JSON.stringify(forged))
    expect(decodeStreamRecords(records)).toEqual({ ok: false, reason: 'bad signature' })
  })

  it('rejects a record signed by another key claiming the stream’s key', () => {
    const genuine = encodeStreamRecords(record, key)
    const other = encodeStreamRecords(record, streamKey(new Uint8Array(32).fill(8), 'stream-1'))
    expect(
      decodeStreamRecords({
        ...genuine,
        [STREAM_SIGNATURE_RECORD]: other[STREAM_SIGNATURE_RECORD]!,
      }),
    ).toEqual({
      ok: false,
      reason: 'bad signature',
    })
  })

  it('rejects unsigned, malformed and foreign records', () => {
    const records = encodeStreamRecords(record, key)
    expect(decodeStreamRecords({ [STREAM_RECORD]: records[STREAM_RECORD]! })).toMatchObject({
      reason: 'stream record is not signed',
    })
    expect(decodeStreamRecords({ [STREAM_RECORD]: utf8ToBytes('{nope') })).toMatchObject({
      ok: false,
    })
    expect(
      decodeStreamRecords({ [STREAM_RECORD]: utf8ToBytes('{"action":"boost"}') }),
    ).toMatchObject({ ok: false })
    expect(decodeStreamRecords({})).toEqual({ ok: false, reason: 'no stream record' })
  })

  it('derives distinct keys per stream and refuses short secrets', () => {
    expect(streamKey(new Uint8Array(32), 'a')).not.toEqual(streamKey(new Uint8Array(32), 'b'))
    expect(() => streamKey(new Uint8Array(16), 'a')).toThrow(TypeError)
  })
})
