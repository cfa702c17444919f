/**
 * The loan book's principals (US cents against 1 BTC of collateral each),
 * chosen so that a 40% drop of the price liquidates exactly 1% of the book:
 * - every 100th loan (`liquidatesAtDrop`) borrows $55,000 to $57,000: at
 *   $100,000 its LTV is 55-57%, far from the margin call (80%); at $60,000 it
 *   is 92-95%, past the liquidation (90%), and the collateral still covers
 *   the debt and the penalty (a surplus goes back to the borrower);
 * - every other loan borrows $30,000 to $45,000: at $60,000 its LTV is at
 *   most 75%, below the margin call, so the drop wakes none of them.
 */
export function bookPrincipal(index: number): bigint {
  const spread = (index * 7_919) % 150_001
  return liquidatesAtDrop(index)
    ? 5_500_000n + BigInt(spread % 20_001) * 10n
    : 3_000_000n + BigInt(spread) * 10n
}

/** Whether the book's loan `index` is one the drop liquidates. */
export function liquidatesAtDrop(index: number): boolean {
  return index % 100 === 99
}

/** How many loans of a book of `loans` (indexes 0 to loans - 1) the drop liquidates. */
export function liquidatedAtDrop(loans: number): number {
  return Math.floor(loans / 100)
}
