import { assertObject, type RpcErrorType, utf8ToBytes } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export interface SignMessageParameters {
  message: string | Uint8Array
}
export interface SignMessageReturnType {
  /** lnd's zbase32 signature. */
  signature: string
}
export type SignMessageErrorType = RpcErrorType<typeof rpcs.signMessage>

/**
 * Signs a message with the node's identity key: proof that a request comes
 * from this node (the loan desk's identity check uses it).
 *
 * @remarks Permission: `message:write`.
 * @example
 * const { signature } = await signMessage(client, { message: 'hello' })
 */
export async function signMessage(
  client: Client,
  parameters: SignMessageParameters,
  options: { signal?: AbortSignal } = {},
): Promise<SignMessageReturnType> {
  assertObject(parameters, 'parameters')
  const bytes =
    typeof parameters.message === 'string' ? utf8ToBytes(parameters.message) : parameters.message
  return client.backend.call(rpcs.signMessage, bytes, options)
}
