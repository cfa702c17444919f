import type { ChannelBalance, RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type GetChannelBalanceReturnType = ChannelBalance
export type GetChannelBalanceErrorType = RpcErrorType<typeof rpcs.channelBalance>

/**
 * The msat the node has on its side of its channels, and on the remote side.
 *
 * @remarks Permission: `offchain:read`.
 * @example
 * const { localMsat, remoteMsat } = await getChannelBalance(client)
 */
export async function getChannelBalance(
  client: Client,
  options: { signal?: AbortSignal } = {},
): Promise<GetChannelBalanceReturnType> {
  return client.backend.call(rpcs.channelBalance, undefined, options)
}
