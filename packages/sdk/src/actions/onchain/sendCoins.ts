import {
  type AssertAmountErrorType,
  assertAmount,
  assertObject,
  InvalidArgumentError,
  type RpcErrorType,
  type SendCoinsRequest,
  type SentCoins,
} from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type SendCoinsParameters = SendCoinsRequest
export type SendCoinsReturnType = SentCoins
export type SendCoinsErrorType = AssertAmountErrorType | RpcErrorType<typeof rpcs.sendCoins>

/**
 * Sends on-chain bitcoin from the node's wallet. Never retried automatically.
 *
 * @remarks Permission: `onchain:write`.
 * @example
 * const { txid } = await sendCoins(client, { address, amountSat: 50_000n, satPerVbyte: 2n })
 */
export async function sendCoins(
  client: Client,
  parameters: SendCoinsParameters,
  options: { signal?: AbortSignal } = {},
): Promise<SendCoinsReturnType> {
  assertObject(parameters, 'parameters')
  if (!parameters.sendAll) {
    if (parameters.amountSat === undefined)
      throw new InvalidArgumentError('amountSat', 'an amount (or sendAll)')
    assertAmount(parameters.amountSat, 'amountSat', { min: 1n })
  }
  return client.backend.call(rpcs.sendCoins, parameters, options)
}
