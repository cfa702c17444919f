import {
  type AddedInvoice,
  type AssertAmountErrorType,
  assertAmount,
  assertHash,
  assertInteger,
  assertObject,
  type Hex,
  InvalidArgumentError,
  type RpcErrorType,
} from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export interface CreateInvoiceParameters {
  /** Amount in msat; 0n for an any-amount invoice. */
  amountMsat: bigint
  memo?: string
  /** SHA-256 of a long description, instead of the memo in the invoice. */
  descriptionHash?: Hex
  /** Seconds until it expires. Default 86 400 (lnd's). */
  expirySeconds?: number
  /** Include route hints for private channels. */
  isPrivate?: boolean
  /** The final CLTV delta payers must give the HTLC, in blocks (24, lnd's least, to 65535). Default lnd's (80). */
  cltvExpiry?: number
  /**
   * An AMP invoice (lnd's `is_amp`): payers pay it with `payInvoice`'s `amp`,
   * as many times as they like; lnd shows it SETTLED from the first payment
   * on and adds each payment to its paid amount. It has no preimage: its `paymentHash` only names it on
   * the node. Default expiry 30 days (lnd's for AMP).
   */
  amp?: boolean
}
export type CreateInvoiceReturnType = AddedInvoice
export type CreateInvoiceErrorType = AssertAmountErrorType | RpcErrorType<typeof rpcs.addInvoice>

/**
 * Creates an invoice on the node.
 *
 * @remarks Permission: `invoices:write`.
 * @example
 * const { paymentRequest, paymentHash } = await createInvoice(client, { amountMsat: 25_000_000n, memo: 'coffee beans' })
 */
export async function createInvoice(
  client: Client,
  parameters: CreateInvoiceParameters,
  options: { signal?: AbortSignal } = {},
): Promise<CreateInvoiceReturnType> {
  assertObject(parameters, 'parameters')
  assertAmount(parameters.amountMsat, 'amountMsat')
  if (parameters.descriptionHash !== undefined)
    assertHash(parameters.descriptionHash, 'descriptionHash')
  if (parameters.expirySeconds !== undefined)
    assertInteger(parameters.expirySeconds, 'expirySeconds', { min: 1 })
  if (parameters.cltvExpiry !== undefined)
    assertInteger(parameters.cltvExpiry, 'cltvExpiry', { min: 24, max: 65_535 })
  if (parameters.amp !== undefined && typeof parameters.amp !== 'boolean')
    throw new InvalidArgumentError('amp', 'a boolean')
  return client.backend.call(
    rpcs.addInvoice,
    {
      valueMsat: parameters.amountMsat,
      ...(parameters.memo === undefined ? {} : { memo: parameters.memo }),
      ...(parameters.descriptionHash === undefined
        ? {}
        : { descriptionHash: parameters.descriptionHash }),
      ...(parameters.expirySeconds === undefined
        ? {}
        : { expirySeconds: parameters.expirySeconds }),
      ...(parameters.isPrivate === undefined ? {} : { isPrivate: parameters.isPrivate }),
      ...(parameters.cltvExpiry === undefined ? {} : { cltvExpiry: parameters.cltvExpiry }),
      ...(parameters.amp === undefined ? {} : { isAmp: parameters.amp }),
    },
    options,
  )
}
