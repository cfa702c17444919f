import { Webhook } from 'standardwebhooks'
import { WebhookError } from '../errors/WebhookError.js'
import type { WebhookEventType } from '../events/WebhookEvent.js'

export interface VerifyWebhookParameters {
  /** The endpoint's secret, `whsec_…`. */
  secret: string
  /** The request body exactly as received (not parsed and re-serialised). */
  body: string
  /** The request's headers: `webhook-id`, `webhook-timestamp`, `webhook-signature`. */
  headers: Headers | Readonly<Record<string, string | undefined>>
}

const TYPES = new Set<WebhookEventType>([
  'invoice.created',
  'invoice.settled',
  'payment.succeeded',
  'payment.failed',
])

/** A delivery that verified. */
export interface VerifiedWebhook {
  /** The same on every retry of one event: deduplicate on it. */
  id: string
  type: WebhookEventType
  timestamp: string
  data: Record<string, string | null>
}

/**
 * Checks a delivery as Standard Webhooks does (HMAC-SHA256 of
 * `id.timestamp.body` with the endpoint's secret, in constant time; a
 * timestamp within five minutes of now) and returns its event. Anything else
 * throws `WebhookError` `WEBHOOK_UNVERIFIED`: do not act on it.
 *
 * @example
 * const event = verifyWebhook({ secret, body: await request.text(), headers: request.headers })
 * if (event.type === 'invoice.settled') await ship(event.data.paymentHash)
 */
export function verifyWebhook(parameters: VerifyWebhookParameters): VerifiedWebhook {
  const { secret, body, headers } = parameters
  const lower =
    headers instanceof Headers
      ? undefined
      : Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
  const header = (name: string) =>
    headers instanceof Headers ? (headers.get(name) ?? '') : (lower?.[name] ?? '')
  const id = header('webhook-id')
  let payload: unknown
  try {
    payload = new Webhook(secret).verify(body, {
      'webhook-id': id,
      'webhook-timestamp': header('webhook-timestamp'),
      'webhook-signature': header('webhook-signature'),
    })
  } catch (cause) {
    throw new WebhookError('WEBHOOK_UNVERIFIED', 'The webhook delivery did not verify.', { cause })
  }
  const event = payload as Partial<VerifiedWebhook> | null
  if (
    typeof event !== 'object' ||
    event === null ||
    !TYPES.has(event.type as WebhookEventType) ||
    typeof event.data !== 'object' ||
    event.data === null
  )
    throw new WebhookError('WEBHOOK_UNVERIFIED', 'The webhook delivery is not an event.')
  return {
    id,
    type: event.type as WebhookEventType,
    timestamp: String(event.timestamp),
    data: event.data as VerifiedWebhook['data'],
  }
}
