import type { Hex } from '@btcfi/core'
import type { Currency } from '../money/constants.js'
import type { LockTerms } from '../terms/LoanTerms.js'

/**
 * What both sides sign (each with its node key, over its canonical JSON): the
 * loan's amounts, rates, times and lock rules, and the invoice the principal
 * pays. With the desk's event log it makes a wrongful seizure provable.
 */
export interface LoanAgreement {
  protocol: 'btcfi-loan/1'
  loanId: string
  deskPubkey: Hex
  borrowerPubkey: Hex
  principal: bigint
  currency: Currency
  centsPerBtc: bigint
  principalMsat: bigint
  collateralSat: bigint
  ltvBps: bigint
  marginCallLtvBps: bigint
  liquidationLtvBps: bigint
  aprBps: bigint
  penaltyBps: bigint
  /** The most routing fee the desk pays for the principal; the borrower owes the fee it paid. */
  disbursementFeeLimitMsat: bigint
  termSeconds: number
  interestIntervalSeconds: number
  gracePeriodSeconds: number
  lock: LockTerms
  /** Payment hash of the invoice the borrower named for the principal. */
  disbursementHash: Hex
  /** When the quote was made (ms since the epoch). */
  quotedAtMs: number
}
