import { decodeInvoice, type Hex, paymentHashOf } from '@btcfi/core'
import { parseDeskInvoiceMemo } from '../protocol/deskInvoiceMemo.js'
import type { DefaultDispute, EscrowHold } from './decideRelease.js'

/** A payment the borrower made to the desk: the desk's invoice (signed by its node) and the preimage it gave back. */
export interface PaymentProof {
  invoice: string
  preimage: Hex
}

/** The most proofs one answer may carry. */
export const MAX_PAYMENT_PROOFS = 16

/**
 * Whether proofs of payment answer a claimed default. A proof counts when the
 * invoice decodes and is signed by the desk's node (`deskPubkey`), and the
 * preimage hashes to its payment hash: only the desk's node could have given
 * that preimage, so it was paid. It answers (by its description,
 * `deskInvoiceMemo`):
 * - any default, when it is the loan's repayment invoice: the loan was repaid;
 * - an interest default, when it is an interest invoice of the loan for
 *   interest accrued up to the due or later: the desk bills every due fallen
 *   by then, so its payment covers the one claimed.
 */
export function answersDefault(
  hold: Pick<EscrowHold, 'loanId' | 'deskPubkey'>,
  dispute: Pick<DefaultDispute, 'kind' | 'dueAtMs'>,
  proofs: readonly PaymentProof[],
): boolean {
  return proofs.slice(0, MAX_PAYMENT_PROOFS).some((proof) => {
    let invoice: ReturnType<typeof decodeInvoice>
    try {
      invoice = decodeInvoice(proof.invoice)
      if (paymentHashOf(proof.preimage) !== invoice.paymentHash.toLowerCase()) return false
    } catch {
      return false
    }
    if (invoice.payee.toLowerCase() !== hold.deskPubkey.toLowerCase()) return false
    const memo = parseDeskInvoiceMemo(invoice.description)
    if (memo?.loanId !== hold.loanId) return false
    if (memo.kind === 'repay') return true
    return dispute.kind === 'interest' && memo.accruedToMs >= dispute.dueAtMs
  })
}
