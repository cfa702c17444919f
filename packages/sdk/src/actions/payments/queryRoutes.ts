import {
  type AssertAmountErrorType,
  assertObject,
  assertPositiveMsat,
  assertPubkey,
  type QueryRoutesRequest,
  type Route,
  type RpcErrorType,
} from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type QueryRoutesParameters = QueryRoutesRequest
export type QueryRoutesReturnType = Route[]
export type QueryRoutesErrorType = AssertAmountErrorType | RpcErrorType<typeof rpcs.queryRoutes>

/**
 * Finds routes to a node for an amount, from the node's view of the graph:
 * hops, fees and the total time lock (e.g. to check a loan's HTLC budget).
 *
 * @remarks Permission: `info:read`.
 * @example
 * const [route] = await queryRoutes(client, { pubkey, amountMsat: 1_000_000n })
 * route.hops.length, route.totalFeesMsat, route.totalTimeLock
 */
export async function queryRoutes(
  client: Client,
  parameters: QueryRoutesParameters,
  options: { signal?: AbortSignal } = {},
): Promise<QueryRoutesReturnType> {
  assertObject(parameters, 'parameters')
  assertPubkey(parameters.pubkey, 'pubkey')
  assertPositiveMsat(parameters.amountMsat, 'amountMsat')
  return client.backend.call(rpcs.queryRoutes, parameters, options)
}
