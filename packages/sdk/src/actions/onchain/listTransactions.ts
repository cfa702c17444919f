import type { ListTransactionsRequest, OnchainTransaction, RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type ListTransactionsParameters = ListTransactionsRequest
export type ListTransactionsReturnType = OnchainTransaction[]
export type ListTransactionsErrorType = RpcErrorType<typeof rpcs.getTransactions>

/**
 * The on-chain wallet's history: receipts, sends, channel fundings and
 * closes, each with what it changed the balance by (negative when the wallet
 * spent) and the fee the wallet paid. By default every transaction, the
 * unconfirmed ones too; `startHeight` and `endHeight` (both inclusive) narrow
 * it to a range of blocks. Newest first: the unconfirmed ones, then by height.
 *
 * @remarks Permission: `onchain:read`.
 * @example
 * const history = await listTransactions(client, { startHeight: 800_000 })
 * const spentSat = history.filter((t) => t.amountSat < 0n).reduce((sum, t) => sum - t.amountSat, 0n)
 */
export async function listTransactions(
  client: Client,
  parameters: ListTransactionsParameters = {},
  options: { signal?: AbortSignal } = {},
): Promise<ListTransactionsReturnType> {
  return client.backend.call(rpcs.getTransactions, parameters, options)
}
