/**
 * How a borrower's interest reaches the desk. The desk accrues interest
 * exactly (`accrueInterest`) and counts what it receives; a channel only
 * moves the money. Two fit:
 *
 * - `invoiceInterestChannel` (here): the agent asks the desk for an invoice
 *   of what is due and pays it, every interval;
 * - a payment stream (`@btcfi/stream`, `createStream` with `interestSchedule`
 *   to the desk's node): keysends with signed records; on the desk, the
 *   stream receiver's aggregated total per loan goes to `desk.creditInterest`
 *   (see docs/loans.md, "Interest").
 */
export interface InterestChannel {
  /** Pays what is due now; resolves with the msat paid (0n when nothing was due). */
  payDue(loanId: string): Promise<bigint>
}
