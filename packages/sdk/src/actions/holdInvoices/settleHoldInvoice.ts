import { assertHash, assertObject, type BackendErrorType, type Hex } from '@btcfi/core'
import type { Client } from '../../client/createClient.js'

export interface SettleHoldInvoiceParameters {
  /** The preimage whose hash the hold invoice carries. Never logged. */
  preimage: Hex
}
export type SettleHoldInvoiceErrorType = BackendErrorType<'settleInvoice'>

/**
 * Settles an ACCEPTED hold invoice: the held HTLC is claimed and the payer's
 * payment succeeds. Fails with `INVOICE_STATE` unless the invoice is ACCEPTED.
 *
 * @remarks Permission: `invoices:write`.
 * @example
 * await settleHoldInvoice(client, { preimage })
 */
export async function settleHoldInvoice(
  client: Client,
  parameters: SettleHoldInvoiceParameters,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  assertObject(parameters, 'parameters')
  assertHash(parameters.preimage, 'preimage')
  await client.backend.settleInvoice(parameters.preimage, options)
}
