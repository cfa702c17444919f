import type { AddressType, RpcErrorType } from '@btcfi/core'
import { assertObject } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export interface NewAddressParameters {
  /** Default `p2wkh` (native segwit). */
  type?: AddressType
}
export type NewAddressReturnType = string
export type NewAddressErrorType = RpcErrorType<typeof rpcs.newAddress>

/**
 * A fresh on-chain address of the node's wallet.
 *
 * @remarks Permission: `address:write`.
 * @example
 * const address = await newAddress(client, { type: 'p2tr' })
 */
export async function newAddress(
  client: Client,
  parameters: NewAddressParameters = {},
  options: { signal?: AbortSignal } = {},
): Promise<NewAddressReturnType> {
  assertObject(parameters, 'parameters')
  return client.backend.call(rpcs.newAddress, parameters.type ?? 'p2wkh', options)
}
