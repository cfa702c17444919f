import type { Hex } from '@btcfi/core'
import { BPS } from '../money/constants.js'
import { PROTOCOL, PROTOCOL_V2 } from '../protocol/signedRequest.js'
import type { LoanAgreement } from './LoanAgreement.js'
import type { Quote } from './Quote.js'

/** The routing fee cap for a principal: `bps` of it, at least 10 sat (a hop's usual base fee). */
export function disbursementFeeLimitMsat(principalMsat: bigint, bps: bigint): bigint {
  const share = (principalMsat * bps) / BPS
  return share > 10_000n ? share : 10_000n
}

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
    disbursementFeeLimitMsat: disbursementFeeLimitMsat(
      quote.principalMsat,
      quote.terms.disbursementFeeLimitBps,
    ),
    termSeconds: quote.terms.termSeconds,
    interestIntervalSeconds: quote.terms.interestIntervalSeconds,
    gracePeriodSeconds: quote.terms.gracePeriodSeconds,
    lock: quote.terms.lock,
    disbursementHash,
    quotedAtMs: quote.createdAtMs,
    ...(quote.escrow && { protocol: PROTOCOL_V2, escrow: quote.escrow }),
  }
}
