import { assertObject, assertPubkey, type Hex, type RpcErrorType } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export interface ConnectPeerParameters {
  pubkey: Hex
  /** `host:port` of the peer. */
  host: string
}
export type ConnectPeerErrorType = RpcErrorType<typeof rpcs.connectPeer>

/**
 * Connects to a peer. Already connected counts as success.
 *
 * @remarks Permission: `peers:write`.
 * @example
 * await connectPeer(client, { pubkey, host: '127.0.0.1:9735' })
 */
export async function connectPeer(
  client: Client,
  parameters: ConnectPeerParameters,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  assertObject(parameters, 'parameters')
  assertPubkey(parameters.pubkey, 'pubkey')
  await client.backend.call(rpcs.connectPeer, parameters, options)
}
