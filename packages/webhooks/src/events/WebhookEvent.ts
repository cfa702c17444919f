import type { Invoice, Payment } from '@btcfi/core'

/** What a webhook tells. */
export type WebhookEventType =
  | 'invoice.created'
  | 'invoice.settled'
  | 'payment.succeeded'
  | 'payment.failed'

/**
 * One event, as delivered: the body is `{type, timestamp, data}` (Standard
 * Webhooks), amounts as decimal strings of msat. `id` is the delivery's
 * `webhook-id`, the same on every retry: built from lnd's index of the
 * event, so the same event always has the same id.
 */
export interface WebhookEvent {
  id: string
  type: WebhookEventType
  occurredAt: Date
  data: Record<string, string | null>
}

/** The body of a delivery. */
export function webhookBody(event: WebhookEvent): string {
  return JSON.stringify({
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: event.data,
  })
}

/** The events an invoice update stands for: its creation (add index) and its settlement (settle index). */
export function invoiceEvents(invoice: Invoice): WebhookEvent[] {
  const data = {
    paymentHash: invoice.paymentHash,
    valueMsat: invoice.valueMsat.toString(),
    memo: invoice.memo,
    addIndex: invoice.addIndex.toString(),
  }
  const events: WebhookEvent[] = []
  if (invoice.addIndex > 0n) {
    events.push({
      id: `evt_invoice_created_${invoice.addIndex}`,
      type: 'invoice.created',
      occurredAt: invoice.createdAt,
      data,
    })
  }
  if (invoice.state === 'SETTLED' && invoice.settleIndex > 0n) {
    events.push({
      id: `evt_invoice_settled_${invoice.settleIndex}`,
      type: 'invoice.settled',
      occurredAt: invoice.settledAt ?? invoice.createdAt,
      data: {
        ...data,
        amountPaidMsat: invoice.amountPaidMsat.toString(),
        settleIndex: invoice.settleIndex.toString(),
      },
    })
  }
  return events
}

/** The event of a payment that has ended (undefined while it is in flight). */
export function paymentEvent(payment: Payment): WebhookEvent | undefined {
  if (payment.status !== 'SUCCEEDED' && payment.status !== 'FAILED') return undefined
  const succeeded = payment.status === 'SUCCEEDED'
  return {
    id: `evt_payment_${succeeded ? 'succeeded' : 'failed'}_${payment.paymentIndex}`,
    type: succeeded ? 'payment.succeeded' : 'payment.failed',
    occurredAt: payment.createdAt,
    data: {
      paymentHash: payment.paymentHash,
      valueMsat: payment.valueMsat.toString(),
      feeMsat: payment.feeMsat.toString(),
      paymentIndex: payment.paymentIndex.toString(),
      failureReason: succeeded ? null : payment.failureReason,
    },
  }
}
