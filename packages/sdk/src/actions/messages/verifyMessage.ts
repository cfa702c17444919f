import { assertObject, type RpcErrorType, utf8ToBytes, type VerifiedMessage } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export interface VerifyMessageParameters {
  message: string | Uint8Array
  signature: string
}
export type VerifyMessageReturnType = VerifiedMessage
export type VerifyMessageErrorType = RpcErrorType<typeof rpcs.verifyMessage>

/**
 * Checks a node-key signature and returns the signer's pubkey. `valid` is
 * true only when the signer is a node in this node's graph.
 *
 * @remarks Permission: `message:read`.
 * @example
 * const { valid, pubkey } = await verifyMessage(client, { message: 'hello', signature })
 */
export async function verifyMessage(
  client: Client,
  parameters: VerifyMessageParameters,
  options: { signal?: AbortSignal } = {},
): Promise<VerifyMessageReturnType> {
  assertObject(parameters, 'parameters')
  const bytes =
    typeof parameters.message === 'string' ? utf8ToBytes(parameters.message) : parameters.message
  return client.backend.call(
    rpcs.verifyMessage,
    { message: bytes, signature: parameters.signature },
    options,
  )
}
