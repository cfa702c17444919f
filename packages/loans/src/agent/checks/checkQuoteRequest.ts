import { LoanError } from '../../errors/LoanError.js'
import type { Quote } from '../../loan/Quote.js'
import type { Currency } from '../../money/constants.js'

/**
 * Refuses a quote that does not answer the request: another principal or
 * another currency than the borrower asked for (`TERMS_MISMATCH`).
 *
 * @example
 * checkQuoteRequest(quote, { principal: 50_000n, currency: 'USD' })
 */
export function checkQuoteRequest(
  quote: Pick<Quote, 'principal' | 'currency'>,
  request: { principal: bigint; currency: Currency },
): void {
  if (quote.principal !== request.principal || quote.currency !== request.currency) {
    throw new LoanError(
      'TERMS_MISMATCH',
      `The quote is for a principal of ${quote.principal} ${quote.currency}, not the ${request.principal} ${request.currency} asked.`,
    )
  }
}
