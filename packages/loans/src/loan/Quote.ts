import type { Hex } from '@btcfi/core'
import type { Currency } from '../money/constants.js'
import type { LoanTerms } from '../terms/LoanTerms.js'
import type { EscrowAgreement } from './LoanAgreement.js'

/** The desk's answer to a quote request: a price snapshot, the collateral, and a short expiry. */
export interface Quote {
  /** Also the id of the loan it opens. */
  id: string
  deskPubkey: Hex
  borrowerPubkey: Hex
  principal: bigint
  currency: Currency
  /** The price snapshot: US cents per bitcoin (1n for a sat loan). */
  centsPerBtc: bigint
  priceAtMs: number
  /** The collateral to lock, sat: `ceil(principal / (price × LTV))`. */
  collateralSat: bigint
  /** What the desk pays out, msat: the principal at the quoted price, rounded down. */
  principalMsat: bigint
  terms: LoanTerms
  createdAtMs: number
  expiresAtMs: number
  /** A v2 quote: the escrow agent the borrower picked among the desk's, and the lender's key to it. */
  escrow?: EscrowAgreement
}
