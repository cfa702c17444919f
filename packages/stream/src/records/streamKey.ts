import { utf8ToBytes } from '@btcfi/core'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'

/**
 * The signing key of a stream, derived from the sender's secret and the
 * stream id (HMAC-SHA256): nothing to store but the secret.
 */
export function streamKey(secret: Uint8Array, streamId: string): Uint8Array {
  if (!(secret instanceof Uint8Array) || secret.length < 32) {
    throw new TypeError('streamKey: the secret must be at least 32 bytes')
  }
  return hmac(sha256, secret, utf8ToBytes(`btcfi-stream/v1/key:${streamId}`))
}
