import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import {
  base64ToBytes,
  base64ToHex,
  base64UrlToBytes,
  bytesToBase64,
  bytesToBase64Url,
  bytesToHex,
  bytesToUtf8,
  hexToBase64,
  hexToBase64Url,
  hexToBytes,
  utf8ToBytes,
} from './encoding.js'

describe('encodings', () => {
  it('round-trips any bytes through hex, base64 and base64url', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(hexToBytes(bytesToHex(bytes))).toEqual(bytes)
        expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes)
        expect(base64UrlToBytes(bytesToBase64Url(bytes))).toEqual(bytes)
        expect(base64ToHex(hexToBase64(bytesToHex(bytes)))).toBe(bytesToHex(bytes))
      }),
    )
  })

  it('matches Node’s encoders', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const buffer = Buffer.from(bytes)
        expect(bytesToBase64(bytes)).toBe(buffer.toString('base64'))
        // Padded, unlike Node's base64url: lnd's URL paths need the padding.
        const padded = buffer.toString('base64').replace(/\+/g, '-').replace(/\//g, '_')
        expect(bytesToBase64Url(bytes)).toBe(padded)
        expect(hexToBase64Url(buffer.toString('hex'))).toBe(padded)
      }),
    )
  })

  it('reads base64 with or without padding, and upper-case hex', () => {
    expect(base64ToBytes('AQI=')).toEqual(new Uint8Array([1, 2]))
    expect(base64ToBytes('AQI')).toEqual(new Uint8Array([1, 2]))
    expect(base64UrlToBytes('_-8')).toEqual(new Uint8Array([255, 239]))
    expect(hexToBytes('ABcd')).toEqual(new Uint8Array([0xab, 0xcd]))
  })

  it('rejects what is not its encoding with a typed error', () => {
    expect(() => hexToBytes('abc')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => hexToBytes('zz')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => base64ToBytes('***')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })

  it('round-trips UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(bytesToUtf8(utf8ToBytes(text))).toBe(text)
      }),
    )
  })

  it('encodes the same without Node’s Buffer (a browser)', async () => {
    vi.resetModules()
    vi.stubGlobal('Buffer', undefined)
    try {
      const browser = await import('./encoding.js')
      expect(browser.bytesToHex).not.toBe(bytesToHex)
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
          expect(browser.bytesToHex(bytes)).toBe(bytesToHex(bytes))
          expect(browser.bytesToBase64(bytes)).toBe(bytesToBase64(bytes))
          expect(browser.bytesToBase64Url(bytes)).toBe(bytesToBase64Url(bytes))
        }),
      )
    } finally {
      vi.unstubAllGlobals()
      vi.resetModules()
    }
  })
})
