import type { Accrual } from './accrual.js'

const YEAR_MS = 365n * 24n * 3600n * 1000n
const MSAT_PER_BTC = 100_000_000_000n

export interface InterestScheduleParameters {
  /** The principal in cents of the currency (USD), or in msat when `currency` is 'msat'. */
  principal: bigint
  currency: 'USD' | 'msat'
  /** Annual rate in basis points (1200 = 12%). */
  aprBps: bigint
  /** For a USD principal: the price in cents per bitcoin used to convert the interest. */
  priceCentsPerBtc?: () => bigint
}

/**
 * Loan interest as a stream schedule: simple interest on the principal at
 * `aprBps` over the active time, converted to msat at the oracle's price for
 * a USD principal. Exact integer math; the one rounding is a floor of the
 * total (in the borrower's favour, by less than 1 msat).
 *
 * Each call converts the interest accrued so far at the current price, so a
 * price move re-values the unpaid part only: what is already sent stays sent.
 */
export function interestSchedule(parameters: InterestScheduleParameters): Accrual {
  const { principal, aprBps } = parameters
  if (principal < 0n || aprBps < 0n)
    throw new RangeError('principal and aprBps must not be negative')
  return {
    accruedMsat(activeMs) {
      const numerator = principal * aprBps * activeMs
      if (parameters.currency === 'msat') return numerator / (10_000n * YEAR_MS)
      const price = parameters.priceCentsPerBtc?.()
      if (!price || price <= 0n) throw new RangeError('a USD principal needs a positive price')
      return (numerator * MSAT_PER_BTC) / (10_000n * YEAR_MS * price)
    },
  }
}
