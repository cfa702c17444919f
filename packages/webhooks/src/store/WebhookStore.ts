import type { WebhookEvent } from '../events/WebhookEvent.js'

/**
 * Where the sender stands in lnd's orders: the invoice add and settle
 * indexes it has read, the payment index below which every payment has been
 * read, and the payments read above it that were still in flight.
 */
export interface WebhookCursor {
  addIndex: bigint
  settleIndex: bigint
  paymentIndex: bigint
  /** Payment indexes read while in flight, to read again until they end. */
  inFlight: bigint[]
}

/** One event to deliver to one endpoint. */
export interface WebhookDelivery {
  event: WebhookEvent
  endpoint: string
  /** Attempts made so far. */
  attempts: number
}

/**
 * The sender's outbox. `record` is the one write that matters: it adds the
 * events it has not seen (by id), a delivery per endpoint, and saves the
 * cursor, all at once, so that a crash leaves either both or neither. Events
 * are keyed by lnd's indexes: recording the same event twice adds nothing.
 */
export interface WebhookStore {
  loadCursor(): Promise<WebhookCursor | undefined>
  record(
    events: readonly WebhookEvent[],
    endpoints: readonly string[],
    cursor: WebhookCursor,
  ): Promise<void>
  /** Deliveries to `endpoint` due at `nowMs`, oldest event first. */
  due(nowMs: number, limit: number, endpoint: string): Promise<WebhookDelivery[]>
  delivered(eventId: string, endpoint: string, atMs: number): Promise<void>
  /** A failed attempt: try again at `retryAtMs`, or never (undefined: given up). */
  failed(
    eventId: string,
    endpoint: string,
    attempts: number,
    retryAtMs: number | undefined,
    error: string,
  ): Promise<void>
  /** The delivery's state, for tests and admin pages. */
  status(
    eventId: string,
    endpoint: string,
  ): Promise<{ state: 'pending' | 'delivered' | 'dead'; attempts: number } | undefined>
}
