import { assertHash, assertObject, type BackendErrorType, type Hex } from '@btcfi/core'
import type { Client } from '../../client/createClient.js'

export interface CancelHoldInvoiceParameters {
  paymentHash: Hex
}
export type CancelHoldInvoiceErrorType = BackendErrorType<'cancelInvoice'>

/**
 * Cancels a hold invoice: a held HTLC is failed back and the payer keeps the funds.
 *
 * @remarks Permission: `invoices:write`.
 * @example
 * await cancelHoldInvoice(client, { paymentHash })
 */
export async function cancelHoldInvoice(
  client: Client,
  parameters: CancelHoldInvoiceParameters,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  assertObject(parameters, 'parameters')
  assertHash(parameters.paymentHash, 'paymentHash')
  await client.backend.cancelInvoice(parameters.paymentHash, options)
}
