import { base64, base64nopad, base64url, base64urlnopad, hex, utf8 } from '@scure/base'
import { InvalidArgumentError } from '../errors/argument.js'
import type { Hex } from '../types/node.js'

// The one place for byte encodings. lnd's REST API speaks standard base64 in
// JSON bodies, base64url in some URL paths and hex in others; the SDK's
// public values are lowercase hex.

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

export function hexToBytes(text: string): Uint8Array {
  return decodeWith(hex, typeof text === 'string' ? text.toLowerCase() : text, 'hex')
}

export function bytesToHex(bytes: Uint8Array): Hex {
  return hex.encode(bytes)
}

export function bytesToBase64(bytes: Uint8Array): string {
  return base64.encode(bytes)
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
  return base64url.encode(bytes)
}

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
