import type { Channel, RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type ListChannelsReturnType = Channel[]
export type ListChannelsErrorType = RpcErrorType<typeof rpcs.listChannels>

/**
 * The node's open channels with balances and pending HTLCs (each held lock
 * takes one of a channel's 483 HTLC slots).
 *
 * @remarks Permission: `offchain:read`.
 * @example
 * const channels = await listChannels(client)
 * channels.filter((c) => c.active).map((c) => c.localBalanceSat)
 */
export async function listChannels(
  client: Client,
  options: { signal?: AbortSignal } = {},
): Promise<ListChannelsReturnType> {
  return client.backend.call(rpcs.listChannels, undefined, options)
}
