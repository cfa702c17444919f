import { cbc } from '@noble/ciphers/aes.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { base64ToBytes, bytesToBase64, hexToBytes, utf8ToBytes } from '../encoding/encoding.js'
import type { Hex } from '../types/node.js'
import { assertHash } from '../validate/validate.js'

/**
 * What an LNURL-pay service asks the wallet to show once paid (LUD-09,
 * LUD-10). An `aes` action's text is encrypted with the payment's preimage.
 */
export type LnurlSuccessAction =
  | { tag: 'message'; message: string }
  | { tag: 'url'; description: string; url: string }
  | { tag: 'aes'; description: string; ciphertext: string; iv: string }

/** LUD-09 and LUD-10: texts are for display, up to 144 characters. */
export const MAX_SUCCESS_TEXT = 144
/** LUD-10: "up to 4kb of characters" of base64. */
const MAX_CIPHERTEXT = 4096

/**
 * Reads a service's `successAction` (LUD-09): one of `message`, `url` (on the
 * callback's host, LUD-09) or `aes` (LUD-10: a 24-character IV and at most
 * 4 KB of ciphertext in whole AES blocks). Texts longer than 144 characters
 * are cut to 144. Returns undefined when it is none of these: LUD-09 says a
 * wallet must then not pay.
 */
export function readSuccessAction(value: unknown, callback: URL): LnurlSuccessAction | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const action = value as Record<string, unknown>
  const text = (key: string) =>
    typeof action[key] === 'string' ? (action[key] as string).slice(0, MAX_SUCCESS_TEXT) : undefined
  if (action.tag === 'message') {
    const message = text('message')
    return message === undefined ? undefined : { tag: 'message', message }
  }
  const description = text('description')
  if (description === undefined) return undefined
  if (action.tag === 'url') {
    if (typeof action.url !== 'string') return undefined
    let url: URL
    try {
      url = new URL(action.url)
    } catch {
      return undefined
    }
    const web =
      url.protocol === 'https:' || (url.protocol === 'http:' && callback.protocol === 'http:')
    if (!web || url.hostname !== callback.hostname) return undefined
    return { tag: 'url', description, url: url.href }
  }
  if (action.tag === 'aes') {
    const { ciphertext, iv } = action
    if (typeof ciphertext !== 'string' || typeof iv !== 'string') return undefined
    if (iv.length !== 24 || ciphertext.length > MAX_CIPHERTEXT) return undefined
    try {
      if (base64ToBytes(iv).length !== 16) return undefined
      const bytes = base64ToBytes(ciphertext).length
      if (bytes === 0 || bytes % 16 !== 0) return undefined
    } catch {
      return undefined
    }
    return { tag: 'aes', description, ciphertext, iv }
  }
  return undefined
}

/**
 * The text of an `aes` success action (LUD-10): AES-256-CBC with PKCS #7
 * padding, keyed with the payment's 32-byte preimage. Undefined when it does
 * not decrypt to UTF-8 text (a wrong key, a broken padding).
 */
export function decryptSuccessAction(
  action: Extract<LnurlSuccessAction, { tag: 'aes' }>,
  preimage: Hex,
): string | undefined {
  assertHash(preimage, 'preimage')
  try {
    const plain = cbc(hexToBytes(preimage), base64ToBytes(action.iv)).decrypt(
      base64ToBytes(action.ciphertext),
    )
    return new TextDecoder('utf-8', { fatal: true }).decode(plain)
  } catch {
    return undefined
  }
}

/**
 * An `aes` success action for a service (LUD-10): `text` encrypted with the
 * invoice's preimage under a fresh random IV.
 */
export function encryptSuccessAction(
  description: string,
  text: string,
  preimage: Hex,
): Extract<LnurlSuccessAction, { tag: 'aes' }> {
  assertHash(preimage, 'preimage')
  const iv = randomBytes(16)
  const ciphertext = cbc(hexToBytes(preimage), iv).encrypt(utf8ToBytes(text))
  return {
    tag: 'aes',
    description: description.slice(0, MAX_SUCCESS_TEXT),
    ciphertext: bytesToBase64(ciphertext),
    iv: bytesToBase64(iv),
  }
}
