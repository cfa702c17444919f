/** What one borrower, or all of them, can make a desk do: every request's cost is bounded. */
export interface DeskLimits {
  /** Quotes per borrower key per minute. Default 30. */
  quotesPerBorrowerPerMinute: number
  /** Quotes per minute from everyone. Default 600. */
  quotesPerMinute: number
  /** A quote's price is reused this long (wall clock, ms), so quotes never call the oracle more often. Default 1 000. */
  quotePriceCacheMs: number
  /** Top-up locks a loan may ever have. Default 8. */
  topUpsPerLoan: number
}

export const defaultDeskLimits: DeskLimits = {
  quotesPerBorrowerPerMinute: 30,
  quotesPerMinute: 600,
  quotePriceCacheMs: 1_000,
  topUpsPerLoan: 8,
}
