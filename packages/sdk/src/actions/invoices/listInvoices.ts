import type { InvoicePage, ListInvoicesRequest, RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type ListInvoicesParameters = ListInvoicesRequest
export type ListInvoicesReturnType = InvoicePage
export type ListInvoicesErrorType = RpcErrorType<typeof rpcs.listInvoices>

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
  return client.backend.call(rpcs.listInvoices, parameters, options)
}
