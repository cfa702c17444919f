import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../crypto/preimage.js'
import { utf8ToBytes } from '../encoding/encoding.js'
import { lnurlDescriptionHash, readLnurlMetadata } from './readLnurlMetadata.js'

describe('readLnurlMetadata (LUD-06, LUD-16, LUD-20)', () => {
  it('reads the entries a wallet shows, skipping unknown types', () => {
    const raw = JSON.stringify([
      ['text/plain', 'Beans'],
      ['text/long-desc', 'Single origin\nroasted today'],
      ['text/identifier', 'carol@shop.example'],
      ['image/png;base64', 'iVBORw0KGgo='],
      ['application/x-future', { any: 'thing' }],
    ])
    expect(readLnurlMetadata(raw)).toEqual({
      description: 'Beans',
      longDescription: 'Single origin\nroasted today',
      image: 'data:image/png;base64,iVBORw0KGgo=',
      identifier: 'carol@shop.example',
      email: undefined,
    })
  })

  it('refuses metadata without text/plain, or that is not a list of [type, ...] entries', () => {
    for (const raw of [
      '',
      '{}',
      '[]',
      '[["text/identifier","a@b.c"]]',
      '[["text/plain", 5]]',
      '[["text/plain","x"], "loose"]',
      '[["text/plain","x"], [1, "y"]]',
    ])
      expect(readLnurlMetadata(raw)).toBeUndefined()
  })

  it('never throws on any text', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (raw) => void readLnurlMetadata(raw)))
  })

  it('hashes the metadata string exactly as sent, payer data appended (LUD-18)', () => {
    const spaced = '[ ["text/plain", "Beans"] ]'
    expect(lnurlDescriptionHash(spaced)).toBe(sha256Hex(utf8ToBytes(spaced)))
    expect(lnurlDescriptionHash(spaced)).not.toBe(lnurlDescriptionHash('[["text/plain","Beans"]]'))
    expect(lnurlDescriptionHash(spaced, '{"name":"a"}')).toBe(
      sha256Hex(utf8ToBytes(`${spaced}{"name":"a"}`)),
    )
  })
})
