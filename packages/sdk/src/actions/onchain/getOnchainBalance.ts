import type { OnchainBalance, RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type GetOnchainBalanceReturnType = OnchainBalance
export type GetOnchainBalanceErrorType = RpcErrorType<typeof rpcs.walletBalance>

/**
 * The on-chain wallet's balance in sat.
 *
 * @remarks Permission: `onchain:read`.
 * @example
 * const { confirmedSat } = await getOnchainBalance(client)
 */
export async function getOnchainBalance(
  client: Client,
  options: { signal?: AbortSignal } = {},
): Promise<GetOnchainBalanceReturnType> {
  return client.backend.call(rpcs.walletBalance, undefined, options)
}
