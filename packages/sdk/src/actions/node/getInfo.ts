import type { NodeInfo, RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type GetInfoReturnType = NodeInfo
export type GetInfoErrorType = RpcErrorType<typeof rpcs.getInfo>

/**
 * Who the node is: pubkey, alias, chain, block height, sync state, channel counts.
 *
 * @remarks Permission: `info:read`.
 * @example
 * const { pubkey, network, blockHeight } = await getInfo(client)
 */
export async function getInfo(
  client: Client,
  options: { signal?: AbortSignal } = {},
): Promise<GetInfoReturnType> {
  return client.backend.call(rpcs.getInfo, undefined, options)
}
