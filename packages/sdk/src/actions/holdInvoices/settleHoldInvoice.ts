import { assertHash, assertObject, type Hex, type RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export interface SettleHoldInvoiceParameters {
  /** The preimage whose hash the hold invoice carries. Never logged. */
  preimage: Hex
}
export type SettleHoldInvoiceErrorType = RpcErrorType<typeof rpcs.settleInvoice>

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
  await client.backend.call(rpcs.settleInvoice, parameters.preimage, options)
}
