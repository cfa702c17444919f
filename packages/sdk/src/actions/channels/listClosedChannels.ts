import type { ClosedChannel, RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type ListClosedChannelsReturnType = ClosedChannel[]
export type ListClosedChannelsErrorType = RpcErrorType<typeof rpcs.closedChannels>

/**
 * Channels closed in the past, with how they closed and what came back.
 *
 * @remarks Permission: `offchain:read`.
 * @example
 * const closed = await listClosedChannels(client)
 */
export async function listClosedChannels(
  client: Client,
  options: { signal?: AbortSignal } = {},
): Promise<ListClosedChannelsReturnType> {
  return client.backend.call(rpcs.closedChannels, undefined, options)
}
