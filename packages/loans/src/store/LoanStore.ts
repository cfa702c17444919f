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
 *
 * The desk's tick reads only the loans that need it (`listWaking`): at each
 * `saveLoan` the store computes the loan's wake keys from the record
 * (`loanWake`: the prices at or below and above which, the time and the
 * height from which its next decision can fall) and keeps them indexed, so a
 * tick at a price that crosses no key reads no idle loan (the three stores
 * here do). Both methods are optional: a desk on a store without them reads every open loan at each tick.
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
  /** Whether any loan is in one of these states (through an index, not a scan). */
  hasLoans?(states: readonly LoanState[]): Promise<boolean>
  /**
   * The loans a desk tick must look at, by `createdAtMs`: every DISBURSING
   * and LIQUIDATING loan, and each ACTIVE one whose wake keys (`loanWake`,
   * computed at its last `saveLoan`) say so at this price, time and height:
   * `belowCents >= centsPerBtc`, `aboveCents < centsPerBtc`,
   * `atMs <= nowMs` or `atHeight <= height` (without a price, only the last
   * two). An ACTIVE loan left out is one on which the desk would decide
   * nothing (`decideLoan`) at that price, time and height.
   */
  listWaking?(at: { centsPerBtc?: bigint; nowMs: number; height: number }): Promise<LoanRecord[]>
  /**
   * Takes `key` (a loan's or a quote's id, or a step such as
   * `disburse:<loan id>`) for this process, across every desk worker on the
   * book; `undefined` when another worker holds it now. It is held until
   * `release()`, or until this process (or its connection to the store)
   * dies. A store without it serves one desk process: the desk's own turns
   * are enough. `postgresLoanStore` has it (PostgreSQL advisory locks).
   */
  claim?(key: string): Promise<LoanClaim | undefined>
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

/** A key held by one desk worker (`LoanStore.claim`). */
export interface LoanClaim {
  release(): Promise<void>
}
