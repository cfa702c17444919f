import {
  assertHash,
  assertObject,
  type CloseChannelRequest,
  type Hex,
  ProtocolError,
  type RpcErrorType,
} from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type CloseChannelParameters = CloseChannelRequest
export interface CloseChannelReturnType {
  /** The closing transaction, once broadcast. */
  closingTxid: Hex
}
export type CloseChannelErrorType = RpcErrorType<typeof rpcs.closeChannel>

/**
 * Closes a channel (cooperatively, or `force`) and resolves once the closing
 * transaction is broadcast. Confirmation is up to the chain.
 *
 * @remarks Permissions: `onchain:write`, `offchain:write`.
 * @example
 * const { closingTxid } = await closeChannel(client, { channelPoint: { txid, outputIndex: 0 } })
 */
export async function closeChannel(
  client: Client,
  parameters: CloseChannelParameters,
  options: { signal?: AbortSignal } = {},
): Promise<CloseChannelReturnType> {
  assertObject(parameters, 'parameters')
  assertObject(parameters.channelPoint, 'channelPoint')
  assertHash(parameters.channelPoint.txid, 'channelPoint.txid')
  for await (const update of client.backend.stream(rpcs.closeChannel, parameters, options)) {
    return { closingTxid: update.closingTxid }
  }
  throw new ProtocolError('lnd ended the close stream before broadcasting the closing transaction.')
}
