import { base64ToBytes, bytesToBase64 } from '@btcfi/core'
import type { LncCredentials } from './LncCredentials.js'

// The password strategy of lnc-web: credentials at rest are encrypted with a
// key derived from the user's password. Here with WebCrypto (browsers and
// Node 20 alike): PBKDF2-SHA256, 310 000 iterations, AES-256-GCM.

const ITERATIONS = 310_000

interface Sealed {
  v: 1
  salt: string
  iv: string
  data: string
}

async function deriveKey(password: string, salt: Uint8Array): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password),
    'PBKDF2',
    false,
    ['deriveKey'],
  )
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations: ITERATIONS },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  )
}

/** Credentials → a JSON string safe to store (nothing readable without the password). */
export async function encryptCredentials(
  credentials: LncCredentials,
  password: string,
): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const key = await deriveKey(password, salt)
  const plain = new TextEncoder().encode(JSON.stringify(credentials))
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain))
  const sealed: Sealed = {
    v: 1,
    salt: bytesToBase64(salt),
    iv: bytesToBase64(iv),
    data: bytesToBase64(data),
  }
  return JSON.stringify(sealed)
}

/** The stored string → credentials; throws when the password is wrong or the data is not ours. */
export async function decryptCredentials(
  stored: string,
  password: string,
): Promise<LncCredentials> {
  const sealed = JSON.parse(stored) as Sealed
  if (sealed.v !== 1) throw new Error('unknown credential format')
  const key = await deriveKey(password, base64ToBytes(sealed.salt))
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: base64ToBytes(sealed.iv) as BufferSource },
    key,
    base64ToBytes(sealed.data) as BufferSource,
  )
  const credentials = JSON.parse(new TextDecoder().decode(plain)) as LncCredentials
  if (
    typeof credentials.localKey !== 'string' ||
    typeof credentials.remoteKey !== 'string' ||
    typeof credentials.mailbox !== 'string'
  )
    throw new Error('stored credentials are incomplete')
  return credentials
}
