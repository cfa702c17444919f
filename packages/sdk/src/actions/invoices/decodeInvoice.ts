import { type DecodedInvoice, decodeInvoice as decode, validateInvoice } from '@btcfi/core'
import type { Client } from '../../client/createClient.js'

export interface DecodeInvoiceParameters {
  paymentRequest: string
  /** Also check that it is for the node's chain and not expired (default true). */
  validate?: boolean
}
export type DecodeInvoiceReturnType = DecodedInvoice
export type DecodeInvoiceErrorType = 'INVOICE_INVALID' | 'INVOICE_WRONG_NETWORK' | 'INVOICE_EXPIRED'

/**
 * Decodes a BOLT 11 invoice locally (no node call but, once, the node's
 * chain) and checks it against the node's chain and the clock.
 *
 * @remarks Permission: none beyond `info:read` to learn the chain once.
 * @example
 * const invoice = await decodeInvoice(client, { paymentRequest })
 * invoice.amountMsat, invoice.expiresAt, invoice.payee
 */
export async function decodeInvoice(
  client: Client,
  parameters: DecodeInvoiceParameters,
): Promise<DecodeInvoiceReturnType> {
  const invoice = decode(parameters.paymentRequest)
  if (parameters.validate !== false) {
    validateInvoice(invoice, {
      network: await client.getNetwork(),
      ...(invoice.amountMsat === undefined ? { amountMsat: 1n } : {}),
    })
  }
  return invoice
}
