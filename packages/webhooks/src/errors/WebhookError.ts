import { BaseError } from '@btcfi/core'

/**
 * The codes of the webhook package's errors, beside core's: `isBaseError`
 * and `hasErrorCode` work on them as on any SDK error.
 */
export const webhookErrorCodes = [
  /** A delivery whose signature, timestamp or headers do not verify: do not act on it. */
  'WEBHOOK_UNVERIFIED',
  /** The sender's settings are wrong (no endpoint, a secret not in `whsec_` form). */
  'WEBHOOK_CONFIG',
] as const

export type WebhookErrorCode = (typeof webhookErrorCodes)[number]

export class WebhookError extends BaseError<WebhookErrorCode> {
  override name = 'WebhookError' as const
  constructor(code: WebhookErrorCode, message: string, { cause }: { cause?: unknown } = {}) {
    super(message, { code, cause })
  }
}
