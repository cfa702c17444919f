import type { StreamTallyStore } from '@btcfi/stream'
import type { LoanEvent, LoanRecord, LoanState, NewLoanEvent } from '../loan/LoanRecord.js'
import type { Quote } from '../loan/Quote.js'

/**
 * Where a desk keeps its loan book. Every state change is one `saveLoan` with
 * the events it causes, atomically; the desk writes before and after each side
 * effect (an invoice, a payment, a settle), so that a restart can reconcile the
 * store with lnd. Implementations: `memoryLoanStore` (tests),
 * `sqliteLoanStore` (the default, one file), `postgresLoanStore` (several desk
 * workers on one book). As a `StreamTallyStore` it also keeps, for each
 * stream of streamed interest, the key the stream is bound to and its last
 * seq (`getStreamTally`, `saveStreamTally`), so that a restart keeps both.
 */
export interface LoanStore extends StreamTallyStore {
  saveQuote(quote: Quote): Promise<void>
  getQuote(id: string): Promise<Quote | undefined>
  /**
   * Inserts (version 0) or updates a loan whose stored version is
   * `loan.version`, and appends `events`, in one transaction. Returns the
   * loan as stored (its version + 1) and the events with their sequence
   * numbers. A version that does not match throws `LoanError('CONFLICT')`:
   * someone else changed the loan.
   */
  saveLoan(
    loan: LoanRecord,
    events?: readonly NewLoanEvent[],
  ): Promise<{ loan: LoanRecord; events: LoanEvent[] }>
  getLoan(id: string): Promise<LoanRecord | undefined>
  listLoans(filter?: {
    states?: readonly LoanState[]
    borrowerPubkey?: string
  }): Promise<LoanRecord[]>
  /** Events of a loan after `afterSeq` (0 for all), oldest first. */
  listEvents(filter: { loanId: string; afterSeq?: number; limit?: number }): Promise<LoanEvent[]>
  /**
   * Records a request nonce of a pubkey; false when it was seen before (a
   * replay). Nonces expired at `nowMs` may be forgotten.
   */
  useNonce(pubkey: string, nonce: string, expiresAtMs: number, nowMs: number): Promise<boolean>
  /** A named position the desk resumes from after a restart (e.g. lnd's settle index of streamed interest). */
  getCursor(name: string): Promise<bigint | undefined>
  setCursor(name: string, value: bigint): Promise<void>
  close(): Promise<void>
}
