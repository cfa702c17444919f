import type { Hex } from '@btcfi/core'
import { PROTOCOL } from '../protocol/signedRequest.js'
import type { LoanAgreement } from './LoanAgreement.js'
import type { Quote } from './Quote.js'

/** The agreement a quote and a disbursement invoice make: both sides build it the same way and sign it. */
export function agreementOf(quote: Quote, disbursementHash: Hex): LoanAgreement {
  return {
    protocol: PROTOCOL,
    loanId: quote.id,
    deskPubkey: quote.deskPubkey,
    borrowerPubkey: quote.borrowerPubkey,
    principal: quote.principal,
    currency: quote.currency,
    centsPerBtc: quote.centsPerBtc,
    principalMsat: quote.principalMsat,
    collateralSat: quote.collateralSat,
    ltvBps: quote.terms.ltvBps,
    marginCallLtvBps: quote.terms.marginCallLtvBps,
    liquidationLtvBps: quote.terms.liquidationLtvBps,
    aprBps: quote.terms.aprBps,
    penaltyBps: quote.terms.penaltyBps,
    termSeconds: quote.terms.termSeconds,
    interestIntervalSeconds: quote.terms.interestIntervalSeconds,
    gracePeriodSeconds: quote.terms.gracePeriodSeconds,
    lock: quote.terms.lock,
    disbursementHash,
    quotedAtMs: quote.createdAtMs,
  }
}
