import type { ChannelBalance, OnchainBalance, RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export interface GetBalancesReturnType {
  /** sat in the on-chain wallet. */
  onchain: OnchainBalance
  /** msat in channels. */
  channels: ChannelBalance
}
export type GetBalancesErrorType = RpcErrorType<
  typeof rpcs.walletBalance | typeof rpcs.channelBalance
>

/**
 * On-chain and channel balances together.
 *
 * @remarks Permissions: `onchain:read`, `offchain:read`.
 * @example
 * const { onchain, channels } = await getBalances(client)
 * console.log(onchain.confirmedSat, channels.localMsat)
 */
export async function getBalances(
  client: Client,
  options: { signal?: AbortSignal } = {},
): Promise<GetBalancesReturnType> {
  const [onchain, channels] = await Promise.all([
    client.backend.call(rpcs.walletBalance, undefined, options),
    client.backend.call(rpcs.channelBalance, undefined, options),
  ])
  return { onchain, channels }
}
