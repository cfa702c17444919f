import { bytesToBase64 } from '@btcfi/core'

/** A new endpoint secret in Standard Webhooks' form: `whsec_` and 32 random bytes in base64. */
export function createWebhookSecret(): string {
  return `whsec_${bytesToBase64(crypto.getRandomValues(new Uint8Array(32)))}`
}
