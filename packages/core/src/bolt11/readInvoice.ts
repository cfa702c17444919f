import type { InvoiceFields } from './DecodedInvoice.js'
import { _readBolt11 } from './decodeInvoice.js'

/** What `readInvoice` and `decodeInvoice` throw. */
export type ReadInvoiceErrorType = 'INVOICE_INVALID'

/**
 * Reads a BOLT 11 invoice as `decodeInvoice` does (checksum, amount, fields,
 * the signature's format) but without recovering the payee's key from the
 * signature, which costs milliseconds of CPU in JS. For a payer: lnd checks
 * the signature itself when it pays. Any failure is an `InvoiceDecodeError`.
 *
 * @example
 * const { paymentHash, amountMsat, expiresAt } = readInvoice('lnbcrt10u1p...')
 */
export function readInvoice(paymentRequest: string): InvoiceFields {
  return _readBolt11(paymentRequest).fields
}
