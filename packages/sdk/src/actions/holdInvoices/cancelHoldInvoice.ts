import { assertHash, assertObject, type Hex, type RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export interface CancelHoldInvoiceParameters {
  paymentHash: Hex
}
export type CancelHoldInvoiceErrorType = RpcErrorType<typeof rpcs.cancelInvoice>

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
  await client.backend.call(rpcs.cancelInvoice, parameters.paymentHash, options)
}
