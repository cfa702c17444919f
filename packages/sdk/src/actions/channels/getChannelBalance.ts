import type { BackendErrorType, ChannelBalance } from '@btcfi/core'
import type { Client } from '../../client/createClient.js'

export type GetChannelBalanceReturnType = ChannelBalance
export type GetChannelBalanceErrorType = BackendErrorType<'channelBalance'>

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
  return client.backend.channelBalance(options)
}
