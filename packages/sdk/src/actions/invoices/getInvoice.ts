import { assertHash, assertObject, type Hex, type Invoice, type RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export interface GetInvoiceParameters {
  paymentHash: Hex
}
export type GetInvoiceReturnType = Invoice
export type GetInvoiceErrorType = RpcErrorType<typeof rpcs.lookupInvoice>

/**
 * Looks an invoice up by its payment hash.
 *
 * @remarks Permission: `invoices:read`.
 * @example
 * const invoice = await getInvoice(client, { paymentHash })
 * invoice.state // 'OPEN' | 'ACCEPTED' | 'SETTLED' | 'CANCELED'
 */
export async function getInvoice(
  client: Client,
  parameters: GetInvoiceParameters,
  options: { signal?: AbortSignal } = {},
): Promise<GetInvoiceReturnType> {
  assertObject(parameters, 'parameters')
  assertHash(parameters.paymentHash, 'paymentHash')
  return client.backend.call(rpcs.lookupInvoice, parameters.paymentHash, options)
}
