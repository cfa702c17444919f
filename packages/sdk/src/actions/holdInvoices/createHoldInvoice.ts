import {
  type AddedInvoice,
  type AssertAmountErrorType,
  assertHash,
  assertInteger,
  assertObject,
  assertPositiveMsat,
  type Hex,
  type RpcErrorType,
} from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export interface CreateHoldInvoiceParameters {
  /** SHA-256 of a preimage you keep (lnd never stores it). */
  paymentHash: Hex
  amountMsat: bigint
  memo?: string
  descriptionHash?: Hex
  /** Seconds until the invoice expires if nobody pays it. Default 86 400. */
  expirySeconds?: number
  /**
   * Final CLTV delta in blocks: how long the payer's HTLC can be held. lnd
   * cancels an ACCEPTED hold invoice `holdexpirydelta` blocks (18 on lnd ≥ 0.21)
   * before the lowest HTLC expiry. At least 24 on lnd 0.21.
   */
  cltvExpiry?: number
  isPrivate?: boolean
}
export type CreateHoldInvoiceReturnType = AddedInvoice
export type CreateHoldInvoiceErrorType =
  | AssertAmountErrorType
  | RpcErrorType<typeof rpcs.addHoldInvoice>

/**
 * Creates a hold invoice: once paid it stays ACCEPTED (the HTLC held in the
 * payer's channel) until you settle it with the preimage or cancel it.
 *
 * @remarks Permission: `invoices:write`. Needs lnd built with `invoicesrpc`.
 * @example
 * const preimage = randomPreimage()
 * const { paymentRequest } = await createHoldInvoice(client, {
 *   paymentHash: paymentHashOf(preimage),
 *   amountMsat: 100_000_000n,
 *   cltvExpiry: 144,
 * })
 */
export async function createHoldInvoice(
  client: Client,
  parameters: CreateHoldInvoiceParameters,
  options: { signal?: AbortSignal } = {},
): Promise<CreateHoldInvoiceReturnType> {
  assertObject(parameters, 'parameters')
  assertHash(parameters.paymentHash, 'paymentHash')
  assertPositiveMsat(parameters.amountMsat, 'amountMsat')
  if (parameters.cltvExpiry !== undefined)
    assertInteger(parameters.cltvExpiry, 'cltvExpiry', { min: 1, max: 65_535 })
  if (parameters.expirySeconds !== undefined)
    assertInteger(parameters.expirySeconds, 'expirySeconds', { min: 1 })
  const { amountMsat, ...rest } = parameters
  return client.backend.call(rpcs.addHoldInvoice, { ...rest, valueMsat: amountMsat }, options)
}
