import {
  assertHash,
  assertObject,
  type BackendErrorType,
  type Hex,
  type Invoice,
} from '@btcfi/core'
import type { Client } from '../../client/createClient.js'

export interface GetInvoiceParameters {
  paymentHash: Hex
}
export type GetInvoiceReturnType = Invoice
export type GetInvoiceErrorType = BackendErrorType<'lookupInvoice'>

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
  return client.backend.lookupInvoice(parameters.paymentHash, options)
}
