import type { BackendErrorType, Peer } from '@btcfi/core'
import type { Client } from '../../client/createClient.js'

export type ListPeersReturnType = Peer[]
export type ListPeersErrorType = BackendErrorType<'listPeers'>

/**
 * The node's connected peers.
 *
 * @remarks Permission: `peers:read`.
 * @example
 * const peers = await listPeers(client)
 */
export async function listPeers(
  client: Client,
  options: { signal?: AbortSignal } = {},
): Promise<ListPeersReturnType> {
  return client.backend.listPeers(options)
}
