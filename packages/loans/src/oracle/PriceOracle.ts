/** One source's price as the oracle saw it. */
export interface SourcePrice {
  name: string
  /** US cents per bitcoin. */
  centsPerBtc: bigint
  /** When the source says the price was taken (ms since the epoch). */
  atMs: number
}

/** A price the desk acts on: one number and where it came from. */
export interface PriceSnapshot {
  /** US cents per bitcoin (10_000_000n is $100,000). */
  centsPerBtc: bigint
  atMs: number
  /** The sources that made the price (after staleness and outlier rejection). */
  sources: SourcePrice[]
}

/**
 * Where the desk gets the BTC/USD price. Throws `LoanError('PRICE_UNAVAILABLE')`
 * rather than return a price it does not trust: a desk that cannot price does
 * not quote, and does not liquidate.
 */
export interface PriceOracle {
  getPrice(options?: { signal?: AbortSignal }): Promise<PriceSnapshot>
}
