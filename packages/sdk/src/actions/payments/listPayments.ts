import {
  assertObject,
  type ListPaymentsRequest,
  type PaymentPage,
  type RpcErrorType,
} from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type ListPaymentsParameters = ListPaymentsRequest
export type ListPaymentsReturnType = PaymentPage
export type ListPaymentsErrorType = RpcErrorType<typeof rpcs.listPayments>

/**
 * Lists the payments this node sent, a page at a time, oldest first: pass
 * the page's `lastIndexOffset` as the next `indexOffset` (or its
 * `firstIndexOffset` with `reversed` to page back). Succeeded payments only,
 * unless `includeIncomplete`.
 *
 * @remarks Permission: `offchain:read`.
 * @example
 * let indexOffset = 0n
 * for (;;) {
 *   const page = await listPayments(client, { indexOffset, maxPayments: 100 })
 *   if (page.payments.length === 0) break
 *   for (const payment of page.payments) console.log(payment.paymentHash, payment.valueMsat)
 *   indexOffset = page.lastIndexOffset
 * }
 */
export async function listPayments(
  client: Client,
  parameters: ListPaymentsParameters = {},
  options: { signal?: AbortSignal } = {},
): Promise<ListPaymentsReturnType> {
  assertObject(parameters, 'parameters')
  return client.backend.call(rpcs.listPayments, parameters, options)
}
