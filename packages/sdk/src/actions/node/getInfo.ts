import type { BackendErrorType, NodeInfo } from '@btcfi/core'
import type { Client } from '../../client/createClient.js'

export type GetInfoReturnType = NodeInfo
export type GetInfoErrorType = BackendErrorType<'getInfo'>

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
  return client.backend.getInfo(options)
}
