import type { BackendErrorType, PendingChannel } from '@btcfi/core'
import type { Client } from '../../client/createClient.js'

export type ListPendingChannelsReturnType = PendingChannel[]
export type ListPendingChannelsErrorType = BackendErrorType<'pendingChannels'>

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
  return client.backend.pendingChannels(options)
}
