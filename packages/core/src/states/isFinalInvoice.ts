import type { Invoice } from '../types/invoice.js'

/**
 * Whether an invoice's update is its last: SETTLED or CANCELED. lnd ends an
 * invoice's stream after it, and no later update changes it. The one rule for
 * every backend, watcher and action that follows an invoice.
 */
export function isFinalInvoice(invoice: Pick<Invoice, 'state'> | undefined): boolean {
  return invoice?.state === 'SETTLED' || invoice?.state === 'CANCELED'
}
