import { type Hex, isBaseError } from '@btcfi/core'
import { LoanError } from '../../errors/LoanError.js'
import type { Quote } from '../../loan/Quote.js'
import { collateralSat } from '../../money/collateralSat.js'
import { valueMsat } from '../../money/valueMsat.js'
import { canonicalJson } from '../../protocol/canonicalJson.js'
import type { LoanTerms } from '../../terms/LoanTerms.js'
import { validateTerms } from '../../terms/validateTerms.js'

/** What the borrower expects of a quote before signing the agreement it makes. */
export interface QuoteExpectations {
  /** The desk's node key (`GET /v1/info`). */
  deskPubkey: Hex
  /** The borrower's node key. */
  borrowerPubkey: Hex
  /** The desk's published terms (`GET /v1/info`). */
  terms: LoanTerms
  /** The current time on the clock quotes expire on, ms since the epoch. */
  nowMs: number
  /** The borrower's own say, asked after every other check. */
  accept?: ((quote: Quote) => boolean) | undefined
}

const messageOf = (error: unknown) =>
  isBaseError(error) ? error.shortMessage : error instanceof Error ? error.message : String(error)

/**
 * The borrower's checks of a quote: from this desk for this borrower, on the
 * desk's published terms, terms that `validateTerms` accepts (an LTV ladder
 * that rises, a lock within its CLTV budget), its collateral and principal
 * following from its price and LTV, not expired, and accepted by `accept`.
 * Throws a `LoanError` (`TERMS_MISMATCH`, `TERMS_INVALID` or `QUOTE_EXPIRED`).
 *
 * @example
 * checkQuote(quote, { deskPubkey, borrowerPubkey, terms: info.terms, nowMs: Date.now() })
 */
export function checkQuote(quote: Quote, expected: QuoteExpectations): Quote {
  if (
    quote.deskPubkey !== expected.deskPubkey ||
    quote.borrowerPubkey !== expected.borrowerPubkey
  ) {
    throw new LoanError('TERMS_MISMATCH', 'The quote is not from this desk for this borrower.')
  }
  if (canonicalJson(quote.terms) !== canonicalJson(expected.terms)) {
    throw new LoanError('TERMS_MISMATCH', "The quote's terms are not the desk's published terms.")
  }
  try {
    validateTerms(quote.terms)
  } catch (error) {
    // validateTerms throws LoanError or the SDK's amount and argument errors: one reason here.
    throw new LoanError('TERMS_INVALID', `The desk's terms are invalid: ${messageOf(error)}`, {
      cause: error,
    })
  }
  let collateral: bigint
  let principalMsat: bigint
  try {
    collateral = collateralSat({
      principal: quote.principal,
      currency: quote.currency,
      centsPerBtc: quote.centsPerBtc,
      ltvBps: quote.terms.ltvBps,
    })
    principalMsat = valueMsat(
      { amount: quote.principal, currency: quote.currency, centsPerBtc: quote.centsPerBtc },
      'floor',
    )
  } catch (error) {
    throw new LoanError('TERMS_MISMATCH', `The quote's amounts are invalid: ${messageOf(error)}`, {
      cause: error,
    })
  }
  if (quote.collateralSat !== collateral || quote.principalMsat !== principalMsat) {
    throw new LoanError(
      'TERMS_MISMATCH',
      `The quote's collateral or principal does not follow from its price and LTV (expected ${collateral} sat and ${principalMsat} msat, got ${quote.collateralSat} sat and ${quote.principalMsat} msat).`,
    )
  }
  if (quote.expiresAtMs < expected.nowMs) {
    throw new LoanError('QUOTE_EXPIRED', 'The quote has expired: ask for a new one.')
  }
  if (expected.accept && !expected.accept(quote)) {
    throw new LoanError('TERMS_MISMATCH', 'The quote was not accepted.')
  }
  return quote
}
