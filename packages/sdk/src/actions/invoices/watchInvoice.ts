import { assertHash, type Hex, type Invoice, isFinalInvoice, type RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'
import { startWatcher } from '../../watchers/startWatcher.js'
import type { Unwatch, WatcherOptions } from '../../watchers/types.js'

export interface WatchInvoiceParameters extends WatcherOptions {
  paymentHash: Hex
  /** Each distinct state of the invoice, in order: OPEN, ACCEPTED (hold invoices), SETTLED or CANCELED. */
  onUpdate: (invoice: Invoice) => void
}
export type WatchInvoiceReturnType = Unwatch
export type WatchInvoiceErrorType = RpcErrorType<
  typeof rpcs.subscribeSingleInvoice | typeof rpcs.lookupInvoice
>

/** One update per state and per newly held HTLC. */
const invoiceKey = (invoice: Invoice) =>
  `${invoice.state}:${invoice.amountPaidMsat}:${invoice.htlcs.filter((h) => h.state === 'ACCEPTED').length}`

/**
 * Watches one invoice until it is SETTLED or CANCELED, through lnd restarts:
 * the subscription is re-opened after any drop, and the invoice is looked up
 * every `pollIntervalMs` as a backstop. Each state is reported once.
 *
 * @remarks Permission: `invoices:read`.
 * @example
 * const unwatch = watchInvoice(client, {
 *   paymentHash,
 *   onUpdate: (invoice) => console.log(invoice.state),
 * })
 * // later
 * unwatch()
 */
export function watchInvoice(
  client: Client,
  parameters: WatchInvoiceParameters,
): WatchInvoiceReturnType {
  assertHash(parameters.paymentHash, 'paymentHash')
  const { paymentHash, onUpdate } = parameters
  return startWatcher(client, parameters, {
    subscribe: (signal) =>
      client.backend.stream(rpcs.subscribeSingleInvoice, paymentHash, { signal }),
    poll: (signal) => client.backend.call(rpcs.lookupInvoice, paymentHash, { signal }),
    key: invoiceKey,
    isFinal: isFinalInvoice,
    onValue: onUpdate,
    fatal: ['NOT_FOUND'],
  })
}
