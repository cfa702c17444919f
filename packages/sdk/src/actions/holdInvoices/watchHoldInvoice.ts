import type { Invoice } from '@btcfi/core'
import type { Client } from '../../client/createClient.js'
import type { Unwatch } from '../../watchers/types.js'
import {
  type WatchInvoiceErrorType,
  type WatchInvoiceParameters,
  watchInvoice,
} from '../invoices/watchInvoice.js'

/** A hold invoice's state with what a lender needs at ACCEPTED. */
export interface HoldInvoiceUpdate {
  invoice: Invoice
  state: Invoice['state']
  /** msat held by ACCEPTED HTLCs. */
  heldMsat: bigint
  /** The lowest block height at which a held HTLC expires (the lock's deadline), if any is held. */
  lowestExpiryHeight: number | undefined
}

export interface WatchHoldInvoiceParameters extends Omit<WatchInvoiceParameters, 'onUpdate'> {
  onUpdate: (update: HoldInvoiceUpdate) => void
}
export type WatchHoldInvoiceReturnType = Unwatch
export type WatchHoldInvoiceErrorType = WatchInvoiceErrorType

/** The held amount and lowest HTLC expiry of a hold invoice. */
export function holdInvoiceUpdate(invoice: Invoice): HoldInvoiceUpdate {
  const held = invoice.htlcs.filter((h) => h.state === 'ACCEPTED')
  return {
    invoice,
    state: invoice.state,
    heldMsat: held.reduce((sum, h) => sum + h.amountMsat, 0n),
    lowestExpiryHeight: held.length ? Math.min(...held.map((h) => h.expiryHeight)) : undefined,
  }
}

/**
 * Watches a hold invoice through OPEN → ACCEPTED → SETTLED or CANCELED, with
 * the held amount and the HTLC expiry height at ACCEPTED. Reconnects after
 * lnd restarts (ACCEPTED hold invoices survive them).
 *
 * @remarks Permission: `invoices:read`.
 * @example
 * watchHoldInvoice(client, {
 *   paymentHash,
 *   onUpdate: ({ state, heldMsat, lowestExpiryHeight }) => {
 *     if (state === 'ACCEPTED') console.log(`holding ${heldMsat} msat until block ${lowestExpiryHeight}`)
 *   },
 * })
 */
export function watchHoldInvoice(
  client: Client,
  parameters: WatchHoldInvoiceParameters,
): WatchHoldInvoiceReturnType {
  return watchInvoice(client, {
    ...parameters,
    onUpdate: (invoice) => parameters.onUpdate(holdInvoiceUpdate(invoice)),
  })
}
