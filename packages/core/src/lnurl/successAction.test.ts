import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { randomPreimage } from '../crypto/preimage.js'
import {
  base64ToBytes as anyBase64ToBytes,
  hexToBytes as anyHexToBytes,
  utf8ToBytes as anyUtf8ToBytes,
  bytesToBase64,
} from '../encoding/encoding.js'
import {
  decryptSuccessAction,
  encryptSuccessAction,
  MAX_SUCCESS_TEXT,
  readSuccessAction,
} from './successAction.js'

const callback = new URL('https://shop.example/lnurlp/carol/callback')

// WebCrypto takes bytes over a plain ArrayBuffer.
const plain = (bytes: Uint8Array) => new Uint8Array(bytes)
const hexToBytes = (text: string) => plain(anyHexToBytes(text))
const base64ToBytes = (text: string) => plain(anyBase64ToBytes(text))
const utf8ToBytes = (text: string) => plain(anyUtf8ToBytes(text))

// WebCrypto's AES-CBC (PKCS #7 padding) is the oracle for LUD-10's "AES/CBC/PKCS5Padding".
async function webCryptoEncrypt(text: string, preimage: string, iv: Uint8Array<ArrayBuffer>) {
  const key = await crypto.subtle.importKey('raw', hexToBytes(preimage), 'AES-CBC', false, [
    'encrypt',
  ])
  const out = await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, utf8ToBytes(text))
  return bytesToBase64(new Uint8Array(out))
}

describe('LUD-10 aes success actions', () => {
  it('decrypts what WebCrypto encrypts, and WebCrypto decrypts what it encrypts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 300, unit: 'grapheme' }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        async (text, iv) => {
          const preimage = randomPreimage()
          const ciphertext = await webCryptoEncrypt(text, preimage, iv)
          const action = {
            tag: 'aes' as const,
            description: 'd',
            ciphertext,
            iv: bytesToBase64(iv),
          }
          expect(decryptSuccessAction(action, preimage)).toBe(text)

          const ours = encryptSuccessAction('d', text, preimage)
          const key = await crypto.subtle.importKey('raw', hexToBytes(preimage), 'AES-CBC', false, [
            'decrypt',
          ])
          const plain = await crypto.subtle.decrypt(
            { name: 'AES-CBC', iv: base64ToBytes(ours.iv) },
            key,
            base64ToBytes(ours.ciphertext),
          )
          expect(new TextDecoder().decode(plain)).toBe(text)
          expect(ours.iv).toHaveLength(24)
        },
      ),
      { numRuns: 50 },
    )
  })

  it('gives no text for another preimage (bad padding or not UTF-8), never a wrong one thrown', () => {
    const action = encryptSuccessAction('code', 'the door code is 4321', randomPreimage())
    let decrypted = 0
    for (let i = 0; i < 50; i++) {
      const text = decryptSuccessAction(action, randomPreimage())
      if (text === 'the door code is 4321') throw new Error('decrypted with the wrong key')
      if (text !== undefined) decrypted++
    }
    // A random key yields valid padding and UTF-8 rarely; never the text.
    expect(decrypted).toBeLessThan(5)
  })
})

describe('readSuccessAction (LUD-09)', () => {
  it('reads message, url on the callback host and aes, cutting texts to 144 characters', () => {
    const long = 'x'.repeat(500)
    expect(readSuccessAction({ tag: 'message', message: long }, callback)).toEqual({
      tag: 'message',
      message: 'x'.repeat(MAX_SUCCESS_TEXT),
    })
    expect(
      readSuccessAction(
        { tag: 'url', description: 'your order', url: 'https://shop.example/o/1' },
        callback,
      ),
    ).toEqual({ tag: 'url', description: 'your order', url: 'https://shop.example/o/1' })
    const aes = encryptSuccessAction('code', 'secret', randomPreimage())
    expect(readSuccessAction(aes, callback)).toEqual(aes)
  })

  it('refuses unknown tags, a url on another host or over http, and malformed aes fields', () => {
    const aes = encryptSuccessAction('code', 'secret', randomPreimage())
    for (const value of [
      null,
      'message',
      { tag: 'script', message: 'x' },
      { tag: 'message' },
      { tag: 'url', description: 'd', url: 'https://evil.example/o/1' },
      { tag: 'url', description: 'd', url: 'http://shop.example/o/1' },
      { tag: 'url', description: 'd', url: 'javascript:alert(1)' },
      { tag: 'url', url: 'https://shop.example/o/1' },
      { ...aes, iv: aes.iv.slice(1) },
      { ...aes, iv: '!'.repeat(24) },
      { ...aes, ciphertext: 'A'.repeat(4100) },
      { ...aes, ciphertext: bytesToBase64(new Uint8Array(15)) },
      { ...aes, ciphertext: '' },
    ])
      expect(readSuccessAction(value, callback)).toBeUndefined()
  })

  it('never throws, whatever a service sends', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({
            tag: fc.constantFrom('message', 'url', 'aes'),
            message: fc.anything(),
            description: fc.anything(),
            url: fc.oneof(fc.webUrl(), fc.string()),
            ciphertext: fc.oneof(fc.base64String(), fc.string()),
            iv: fc.oneof(fc.base64String({ minLength: 24, maxLength: 24 }), fc.string()),
          }),
        ),
        (value) => {
          readSuccessAction(value, callback)
        },
      ),
    )
  })
})
