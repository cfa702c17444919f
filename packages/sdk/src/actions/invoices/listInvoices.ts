import type { BackendErrorType, InvoicePage, ListInvoicesRequest } from '@btcfi/core'
import type { Client } from '../../client/createClient.js'

export type ListInvoicesParameters = ListInvoicesRequest
export type ListInvoicesReturnType = InvoicePage
export type ListInvoicesErrorType = BackendErrorType<'listInvoices'>

/**
 * Lists invoices, a page at a time (`indexOffset`, `maxInvoices`, `reversed`).
 *
 * @remarks Permission: `invoices:read`.
 * @example
 * const { invoices, lastIndexOffset } = await listInvoices(client, { maxInvoices: 50, reversed: true })
 */
export async function listInvoices(
  client: Client,
  parameters: ListInvoicesParameters = {},
  options: { signal?: AbortSignal } = {},
): Promise<ListInvoicesReturnType> {
  return client.backend.listInvoices(parameters, options)
}
