import type { PendingChannel, RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type ListPendingChannelsReturnType = PendingChannel[]
export type ListPendingChannelsErrorType = RpcErrorType<typeof rpcs.pendingChannels>

/**
 * Channels being opened or closed.
 *
 * @remarks Permission: `offchain:read`.
 * @example
 * const pending = await listPendingChannels(client)
 * pending.filter((c) => c.kind === 'opening')
 */
export async function listPendingChannels(
  client: Client,
  options: { signal?: AbortSignal } = {},
): Promise<ListPendingChannelsReturnType> {
  return client.backend.call(rpcs.pendingChannels, undefined, options)
}
