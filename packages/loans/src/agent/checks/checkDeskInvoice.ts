import type { DecodedInvoice, Hex } from '@btcfi/core'
import { LoanError } from '../../errors/LoanError.js'

/** What of a decoded invoice the desk-invoice checks read. */
export type CheckedInvoice = Pick<
  DecodedInvoice,
  'payee' | 'amountMsat' | 'paymentHash' | 'minFinalCltvExpiry' | 'expiresAt'
>

/**
 * A desk invoice is the desk's (its payee is the desk's node), for the amount
 * it says (`AGREEMENT_INVALID`).
 *
 * @example
 * checkDeskInvoice(decodeInvoice(invoice.paymentRequest), { deskPubkey, amountMsat: invoice.amountMsat, what: 'interest' })
 */
export function checkDeskInvoice(
  invoice: Pick<DecodedInvoice, 'payee' | 'amountMsat'>,
  expected: { deskPubkey: Hex; amountMsat: bigint; what: 'lock' | 'interest' | 'repayment' },
): void {
  if (invoice.payee !== expected.deskPubkey) {
    throw new LoanError('AGREEMENT_INVALID', `The ${expected.what} invoice is not the desk's.`)
  }
  if (invoice.amountMsat !== expected.amountMsat) {
    throw new LoanError(
      'AGREEMENT_INVALID',
      `The ${expected.what} invoice asks ${invoice.amountMsat ?? 'any amount of'} msat, not ${expected.amountMsat}.`,
    )
  }
}
