import { assertObject, InvalidArgumentError, readLnurl } from '@btcfi/core'
import type { Client } from '../../client/createClient.js'
import {
  type PayLnurlErrorType,
  type PayLnurlParameters,
  type PayLnurlReturnType,
  payLnurl,
} from './payLnurl.js'

export interface PayLightningAddressParameters extends Omit<PayLnurlParameters, 'lnurl'> {
  /** `name@domain` (LUD-16). */
  address: string
}
export type PayLightningAddressReturnType = PayLnurlReturnType
export type PayLightningAddressErrorType = PayLnurlErrorType

/**
 * Pays a Lightning Address (LUD-16): `payLnurl` on
 * `https://domain/.well-known/lnurlp/name`, with every check it makes. Input
 * that is not an address (an LNURL) is `INVALID_ARGUMENT`.
 *
 * @remarks Permission: `offchain:write`, `offchain:read`, `info:read`.
 * @example
 * await payLightningAddress(client, { address: 'carol@shop.example', amountMsat: 21_000_000n })
 */
export async function payLightningAddress(
  client: Client,
  parameters: PayLightningAddressParameters,
): Promise<PayLightningAddressReturnType> {
  assertObject(parameters, 'parameters')
  const { address, ...rest } = parameters
  if (typeof address !== 'string' || readLnurl(address).form !== 'address')
    throw new InvalidArgumentError('address', 'a Lightning Address (name@domain)')
  return payLnurl(client, { ...rest, lnurl: address })
}
