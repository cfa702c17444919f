import type { Peer, RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type ListPeersReturnType = Peer[]
export type ListPeersErrorType = RpcErrorType<typeof rpcs.listPeers>

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
  return client.backend.call(rpcs.listPeers, undefined, options)
}
