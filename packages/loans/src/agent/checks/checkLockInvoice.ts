import { type Hex, MSAT_PER_SAT } from '@btcfi/core'
import { LoanError } from '../../errors/LoanError.js'
import type { LockTerms } from '../../terms/LoanTerms.js'
import { LND_BLOCK_PADDING, lockCltvExpiry } from '../../terms/lockCltvExpiry.js'
import { type CheckedInvoice, checkDeskInvoice } from './checkDeskInvoice.js'

/**
 * A collateral lock's hold invoice, before the borrower pays it: the desk's,
 * for exactly the lock's amount, carrying the lock's payment hash, asking
 * exactly the agreed CLTV (`lockCltvExpiry` of the agreement's lock terms,
 * within their CLTV budget: more keeps the collateral longer, less lets the
 * lock's deadline come early), and not expired (`nowMs`: the wall clock,
 * the one invoices expire on). Throws `AGREEMENT_INVALID`.
 *
 * @example
 * checkLockInvoice(decodeInvoice(paymentRequest), lock, { deskPubkey, lockTerms: agreement.lock, nowMs: Date.now() })
 */
export function checkLockInvoice(
  invoice: CheckedInvoice,
  lock: { amountSat: bigint; paymentHash: Hex },
  expected: { deskPubkey: Hex; lockTerms: LockTerms; nowMs: number },
): void {
  checkDeskInvoice(invoice, {
    deskPubkey: expected.deskPubkey,
    amountMsat: lock.amountSat * MSAT_PER_SAT,
    what: 'lock',
  })
  if (invoice.paymentHash !== lock.paymentHash) {
    throw new LoanError('AGREEMENT_INVALID', 'The lock invoice does not carry the lock hash.')
  }
  const cltv = invoice.minFinalCltvExpiry
  const agreed = lockCltvExpiry(expected.lockTerms)
  if (cltv > agreed || cltv + LND_BLOCK_PADDING > expected.lockTerms.maxCltvExpiry) {
    throw new LoanError(
      'AGREEMENT_INVALID',
      `The lock asks a CLTV of ${cltv} blocks, more than agreed (${agreed}, within a budget of ${expected.lockTerms.maxCltvExpiry}).`,
    )
  }
  if (cltv < agreed) {
    throw new LoanError(
      'AGREEMENT_INVALID',
      `The lock asks a CLTV of ${cltv} blocks, less than the ${agreed} agreed: its deadline would come early.`,
    )
  }
  if (invoice.expiresAt.getTime() <= expected.nowMs) {
    throw new LoanError(
      'AGREEMENT_INVALID',
      `The lock invoice expired at ${invoice.expiresAt.toISOString()}.`,
    )
  }
}
