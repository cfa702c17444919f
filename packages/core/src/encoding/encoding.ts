import { hexToBytes as nobleHexToBytes } from '@noble/hashes/utils.js'
import { base64, base64nopad, base64url, base64urlnopad, hex, utf8 } from '@scure/base'
import { InvalidArgumentError } from '../errors/argument.js'
import type { Hex } from '../types/node.js'

// The one place for byte encodings. lnd's REST API speaks standard base64 in
// JSON bodies, base64url in some URL paths and hex in others; the SDK's
// public values are lowercase hex.
//
// Every payment encodes a few keys and hashes, so the encoders are on the hot
// path: in Node, bytes are encoded by its native Buffer (one string, no
// intermediate arrays); elsewhere by @scure/base, as the decoders always are
// (strict: @scure/base refuses non-canonical padding, which Buffer accepts).
// Hex is read by @noble/hashes into one array.

/** Node's Buffer, as far as the encoders use it; undefined in a browser. */
interface NativeBuffer {
  from(
    buffer: ArrayBufferLike,
    byteOffset: number,
    length: number,
  ): { toString(encoding: 'hex' | 'base64'): string }
}
const nativeBuffer = (globalThis as { Buffer?: NativeBuffer }).Buffer

function nativeEncode(bytes: Uint8Array, encoding: 'hex' | 'base64'): string | undefined {
  if (nativeBuffer === undefined || !(bytes instanceof Uint8Array)) return undefined
  return nativeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding)
}

function decodeWith(
  coder: { decode(text: string): Uint8Array },
  text: string,
  what: string,
): Uint8Array {
  if (typeof text !== 'string') throw new InvalidArgumentError(what, 'a string')
  try {
    return coder.decode(text)
  } catch (cause) {
    throw new InvalidArgumentError(what, `valid ${what}`, { cause })
  }
}

const nobleHex = { decode: nobleHexToBytes }

export function hexToBytes(text: string): Uint8Array {
  return decodeWith(nobleHex, text, 'hex')
}

export function bytesToHex(bytes: Uint8Array): Hex {
  return nativeEncode(bytes, 'hex') ?? hex.encode(bytes)
}

export function bytesToBase64(bytes: Uint8Array): string {
  return nativeEncode(bytes, 'base64') ?? base64.encode(bytes)
}

/** Standard base64, with or without `=` padding. */
export function base64ToBytes(text: string): Uint8Array {
  return decodeWith(
    text.endsWith('=') || text.length % 4 === 0 ? base64 : base64nopad,
    text,
    'base64',
  )
}

/**
 * base64url with `=` padding: what lnd's URL paths take
 * (`/v2/router/track/{hash}`); without the padding lnd answers "illegal base64 data".
 */
export function bytesToBase64Url(bytes: Uint8Array): string {
  const native = nativeEncode(bytes, 'base64')
  return native === undefined ? base64url.encode(bytes) : native.replace(/[+/]/g, urlSafe)
}

const urlSafe = (char: string): string => (char === '+' ? '-' : '_')

/** base64url, with or without padding. */
export function base64UrlToBytes(text: string): Uint8Array {
  return decodeWith(
    text.endsWith('=') || text.length % 4 === 0 ? base64url : base64urlnopad,
    text,
    'base64url',
  )
}

export function hexToBase64(text: Hex): string {
  return bytesToBase64(hexToBytes(text))
}

export function base64ToHex(text: string): Hex {
  return bytesToHex(base64ToBytes(text))
}

export function hexToBase64Url(text: Hex): string {
  return bytesToBase64Url(hexToBytes(text))
}

export function utf8ToBytes(text: string): Uint8Array {
  return utf8.decode(text)
}

export function bytesToUtf8(bytes: Uint8Array): string {
  return utf8.encode(bytes)
}
