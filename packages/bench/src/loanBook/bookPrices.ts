/** The book's price at the start (US cents per BTC): $100,000. */
export const BOOK_PRICE = 10_000_000n

/** The drop: 40% below the book's price, $60,000. */
export const DROP_PRICE = (BOOK_PRICE * 60n) / 100n

/** Quiet prices, within 1.5% of the book's: no loan of the book has a trigger between them. */
const QUIET = [10_070_000n, 9_930_000n, 10_120_000n, 9_880_000n, 10_150_000n, 9_850_000n]

/** The price of the book's `tick`-th quiet tick: each tick moves the price, none crosses a trigger. */
export function quietPrice(tick: number): bigint {
  return QUIET[tick % QUIET.length]!
}

/** Every price `quietPrice` gives (for the book's checks). */
export const quietPrices: readonly bigint[] = QUIET
