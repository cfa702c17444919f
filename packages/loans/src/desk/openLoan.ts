import { decodeInvoice as decodeBolt11 } from '@btcfi/core'
import { signMessage, verifyMessage } from '@btcfi/sdk'
import { LoanError } from '../errors/LoanError.js'
import { agreementOf } from '../loan/agreementOf.js'
import type { LoanRecord } from '../loan/LoanRecord.js'
import { agreementSigningText } from '../protocol/signedRequest.js'
import { maxPayoutFinalCltv } from '../terms/lockCltvExpiry.js'
import type { OpenedLoan, OpenRequest } from './createDesk.js'
import type { DeskContext } from './DeskContext.js'
import { checkEscrowLock } from './escrowLocks.js'
import { loanView } from './loanView.js'
import { newLock, withLock } from './locks.js'
import { issueLock } from './lockWatch.js'

export async function openLoan(
  ctx: DeskContext,
  { borrowerPubkey, quoteId, disbursementInvoice, borrowerSignature, lock: named }: OpenRequest,
): Promise<OpenedLoan> {
  // The loan id is the quote id: one turn per quote, so a quote opens one loan.
  return ctx.exclusive(quoteId, async () => {
    const quote = await ctx.store.getQuote(quoteId)
    if (!quote || quote.borrowerPubkey !== borrowerPubkey) {
      throw new LoanError('QUOTE_UNKNOWN', `No quote ${quoteId} for this borrower.`)
    }
    const existing = await ctx.store.getLoan(quoteId)
    if (existing) {
      // The same request again (an answer lost on the way): the same answer, nothing new.
      const lockInvoice = existing.locks[0]?.paymentRequest
      const same =
        existing.disbursementInvoice === disbursementInvoice.trim().toLowerCase() &&
        existing.borrowerSignature === borrowerSignature
      if (!same || !lockInvoice) {
        throw new LoanError('CONFLICT', `Quote ${quoteId} already opened a loan.`)
      }
      return {
        loan: loanView(existing),
        agreement: existing.agreement,
        deskSignature: existing.deskSignature,
        lockInvoice,
      }
    }
    if (ctx.now() > quote.expiresAtMs) {
      throw new LoanError('QUOTE_EXPIRED', 'The quote has expired: ask for a new one.')
    }
    let invoice: ReturnType<typeof decodeBolt11>
    try {
      invoice = decodeBolt11(disbursementInvoice)
    } catch (error) {
      throw new LoanError('DISBURSEMENT_INVOICE', 'The disbursement invoice does not decode.', {
        cause: error,
      })
    }
    if (invoice.network !== ctx.network) {
      throw new LoanError(
        'DISBURSEMENT_INVOICE',
        `The disbursement invoice is for ${invoice.network}, not ${ctx.network}.`,
      )
    }
    if (invoice.amountMsat !== undefined && invoice.amountMsat !== quote.principalMsat) {
      throw new LoanError(
        'DISBURSEMENT_INVOICE',
        `The disbursement invoice asks ${invoice.amountMsat} msat; the principal is ${quote.principalMsat} msat.`,
      )
    }
    // lnd's expiry, on the wall clock: the invoice must outlive the lock's payment.
    if (invoice.expiresAt.getTime() < Date.now() + ctx.lockExpirySeconds * 1_000 + 120_000) {
      throw new LoanError(
        'DISBURSEMENT_INVOICE',
        'The disbursement invoice expires before the lock could be paid: give one good for longer.',
      )
    }
    // The payee of the principal can hold it until its HTLC expires: that must
    // come before the desk has to act on the collateral lock.
    const maxFinalCltv = maxPayoutFinalCltv(ctx.terms.lock)
    if (invoice.minFinalCltvExpiry > maxFinalCltv) {
      throw new LoanError(
        'DISBURSEMENT_INVOICE',
        `The disbursement invoice's final CLTV is ${invoice.minFinalCltvExpiry} blocks; the desk pays only invoices that ask at most ${maxFinalCltv}, so that its payment is resolved while the collateral lock still holds.`,
      )
    }
    if (invoice.payee === ctx.pubkey) {
      throw new LoanError('DISBURSEMENT_INVOICE', "The disbursement invoice is the desk's own.")
    }
    const agreement = agreementOf(quote, invoice.paymentHash)
    if (agreement.escrow && !named) {
      throw new LoanError(
        'ESCROW_ATTESTATION',
        "A v2 loan opens with the first lock's hash and the escrow agent's attestation.",
      )
    }
    const text = agreementSigningText(agreement)
    const signer = await verifyMessage(ctx.client, {
      message: text,
      signature: borrowerSignature,
    }).catch(() => undefined)
    if (signer?.pubkey !== borrowerPubkey) {
      throw new LoanError(
        'BAD_SIGNATURE',
        "The borrower's signature of the agreement does not verify.",
      )
    }
    const { signature: deskSignature } = await signMessage(ctx.client, { message: text })
    const at = ctx.now()
    const draft: LoanRecord = {
      id: quote.id,
      version: 0,
      state: 'AWAITING_LOCK',
      agreement,
      borrowerSignature,
      deskSignature,
      disbursementInvoice: invoice.paymentRequest,
      createdAtMs: at,
      disbursedAtMs: undefined,
      maturesAtMs: undefined,
      locks: [],
      nextLockNumber: 1,
      disbursement: undefined,
      invoices: [],
      interest: { carry: 0n, accruedMsat: 0n, paidMsat: 0n, accruedToMs: 0, dues: [] },
      marginCall: undefined,
      liquidation: undefined,
      cancelReason: undefined,
      updatedAtMs: at,
    }
    // v2: the hash the borrower drew, once its agent's attestation is checked.
    const escrow =
      agreement.escrow && named
        ? await checkEscrowLock(ctx, draft, named, agreement.collateralSat)
        : undefined
    const lock = newLock(
      ctx,
      draft,
      'initial',
      agreement.collateralSat,
      escrow && named && { paymentHash: named.paymentHash.toLowerCase(), escrow },
    )
    let loan = await ctx.save(withLock(draft, lock), [
      {
        type: 'loan.opened',
        data: {
          agreement,
          borrowerSignature,
          deskSignature,
          lockId: lock.id,
          lockHash: lock.paymentHash,
        },
      },
    ])
    loan = await issueLock(ctx, loan, lock)
    return {
      loan: loanView(loan),
      agreement,
      deskSignature,
      lockInvoice: loan.locks[0]!.paymentRequest!,
    }
  })
}
