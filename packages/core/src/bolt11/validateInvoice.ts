import { InvoiceAmountError, InvoiceExpiredError, InvoiceNetworkError } from '../errors/invoice.js'
import type { Network } from '../types/node.js'
import type { DecodedInvoice } from './DecodedInvoice.js'

export interface ValidateInvoiceOptions {
  /** The paying node's chain. */
  network: Network
  /** Defaults to the current time. */
  now?: Date
  /** The amount to pay: required for an any-amount invoice, must match a fixed one. */
  amountMsat?: bigint
}

export type ValidateInvoiceErrorType =
  | 'INVOICE_WRONG_NETWORK'
  | 'INVOICE_EXPIRED'
  | 'INVOICE_AMOUNT'

/**
 * Checks that an invoice can be paid by this node now, before any node call:
 * same chain, not expired, and an amount that fits. Returns the amount to pay.
 *
 * @throws InvoiceNetworkError | InvoiceExpiredError | InvoiceAmountError
 */
export function validateInvoice(
  invoice: Pick<DecodedInvoice, 'network' | 'expiresAt' | 'amountMsat'>,
  options: ValidateInvoiceOptions,
): bigint {
  const nodeNetwork = options.network === 'testnet4' ? 'testnet' : options.network
  if (invoice.network !== nodeNetwork)
    throw new InvoiceNetworkError(invoice.network, options.network)
  const now = options.now ?? new Date()
  if (now.getTime() >= invoice.expiresAt.getTime()) throw new InvoiceExpiredError(invoice.expiresAt)
  if (invoice.amountMsat === undefined) {
    if (options.amountMsat === undefined || options.amountMsat <= 0n) {
      throw new InvoiceAmountError('The invoice is for any amount: give the amount to pay.')
    }
    return options.amountMsat
  }
  if (options.amountMsat !== undefined && options.amountMsat !== invoice.amountMsat) {
    throw new InvoiceAmountError(
      `The invoice asks for ${invoice.amountMsat} msat; ${options.amountMsat} msat was given.`,
    )
  }
  return invoice.amountMsat
}
