import type { Hex } from '@btcfi/core'
import type { Currency } from '../money/constants.js'
import type { LockTerms } from '../terms/LoanTerms.js'

/**
 * What both sides sign (each with its node key, over its canonical JSON): the
 * loan's amounts, rates, times and lock rules, and the invoice the principal
 * pays. With the desk's event log it makes a wrongful seizure provable.
 */
/**
 * A v2 loan's escrow (docs/loans.md, "Protocol v2"): the agent that holds the
 * lock's preimage, the key the lender speaks to it with, and how long the
 * borrower has to answer a claimed default.
 */
export interface EscrowAgreement {
  /** The agent's key (x-only, hex): its attestations are signed by it. */
  agentPubkey: Hex
  /** The lender's escrow key (x-only, hex). */
  lenderKey: Hex
  disputeWindowMs: number
}

export interface LoanAgreement {
  /** `btcfi-loan/2` when an escrow agent holds the lock's preimage (`escrow`). */
  protocol: 'btcfi-loan/1' | 'btcfi-loan/2'
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
  /** v2 only: the escrow agent that holds every lock's preimage. */
  escrow?: EscrowAgreement
}
