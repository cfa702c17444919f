import {
  type AssertAmountErrorType,
  assertAmount,
  assertObject,
  assertPubkey,
  type ChannelPoint,
  type OpenChannelRequest,
  type RpcErrorType,
} from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type OpenChannelParameters = OpenChannelRequest
export type OpenChannelReturnType = ChannelPoint
export type OpenChannelErrorType = AssertAmountErrorType | RpcErrorType<typeof rpcs.openChannel>

/**
 * Opens a channel to a connected peer and returns its funding outpoint once
 * the funding transaction is broadcast (it becomes usable after confirmation).
 *
 * @remarks Permissions: `onchain:write`, `offchain:write`.
 * @example
 * const { txid, outputIndex } = await openChannel(client, { pubkey, localFundingSat: 1_000_000n, pushSat: 0n })
 */
export async function openChannel(
  client: Client,
  parameters: OpenChannelParameters,
  options: { signal?: AbortSignal } = {},
): Promise<OpenChannelReturnType> {
  assertObject(parameters, 'parameters')
  assertPubkey(parameters.pubkey, 'pubkey')
  assertAmount(parameters.localFundingSat, 'localFundingSat', { min: 1n })
  if (parameters.pushSat !== undefined) assertAmount(parameters.pushSat, 'pushSat')
  return client.backend.call(rpcs.openChannel, parameters, options)
}
