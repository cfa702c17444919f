import type { ChannelBalance } from '@btcfi/core'
import type { Client } from '../../client/createClient.js'

export type GetChannelBalanceReturnType = ChannelBalance
export type GetChannelBalanceErrorType = 'PERMISSION_DENIED'

/**
 * The msat the node has on its side of its channels, and on the remote side.
 *
 * @remarks Permission: `offchain:read`.
 * @example
 * const { localMsat, remoteMsat } = await getChannelBalance(client)
 */
export function getChannelBalance(
  client: Client,
  options: { signal?: AbortSignal } = {},
): Promise<GetChannelBalanceReturnType> {
  return client.backend.channelBalance(options)
}
