import {
  assertObject,
  type ForwardingHistoryRequest,
  type ForwardingPage,
  type RpcErrorType,
} from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type ListForwardsParameters = ForwardingHistoryRequest
export type ListForwardsReturnType = ForwardingPage
export type ListForwardsErrorType = RpcErrorType<typeof rpcs.forwardingHistory>

/**
 * Lists the HTLCs this node forwarded for others, a page at a time, oldest
 * first, with the fee each one earned: pass the page's `lastOffsetIndex` as
 * the next `indexOffset` (with the same time range).
 *
 * @remarks Permission: `offchain:read`.
 * @example
 * const since = new Date(Date.now() - 7 * 86_400_000)
 * const { events } = await listForwards(client, { startTime: since, maxEvents: 1000 })
 * const earnedMsat = events.reduce((sum, e) => sum + e.feeMsat, 0n)
 */
export async function listForwards(
  client: Client,
  parameters: ListForwardsParameters = {},
  options: { signal?: AbortSignal } = {},
): Promise<ListForwardsReturnType> {
  assertObject(parameters, 'parameters')
  return client.backend.call(rpcs.forwardingHistory, parameters, options)
}
