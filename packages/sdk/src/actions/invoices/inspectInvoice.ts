import {
  assertObject,
  type DecodedInvoice,
  decodeInvoice,
  type ReadInvoiceErrorType,
  type ValidateInvoiceErrorType,
  validateInvoice,
} from '@btcfi/core'
import type { Client } from '../../client/createClient.js'

export interface InspectInvoiceParameters {
  paymentRequest: string
  /** Also check that it is for the node's chain and not expired (default true). */
  validate?: boolean
}
export type InspectInvoiceReturnType = DecodedInvoice
export type InspectInvoiceErrorType = ReadInvoiceErrorType | ValidateInvoiceErrorType

/**
 * Inspects a BOLT 11 invoice for this node: decodes it locally (no node call
 * but, once, the node's chain) and checks it against the node's chain and the
 * clock. `@btcfi/core`'s `decodeInvoice` decodes alone, with no client.
 *
 * @remarks Permission: none beyond `info:read` to learn the chain once.
 * @example
 * const invoice = await inspectInvoice(client, { paymentRequest })
 * invoice.amountMsat, invoice.expiresAt, invoice.payee
 */
export async function inspectInvoice(
  client: Client,
  parameters: InspectInvoiceParameters,
): Promise<InspectInvoiceReturnType> {
  assertObject(parameters, 'parameters')
  const invoice = decodeInvoice(parameters.paymentRequest)
  if (parameters.validate !== false) {
    validateInvoice(invoice, {
      network: await client.getNetwork(),
      ...(invoice.amountMsat === undefined ? { amountMsat: 1n } : {}),
    })
  }
  return invoice
}
