/** The stores the loan book is measured on. */
export type BookStoreKind = 'memory' | 'sqlite' | 'postgres'

/** `desk.tick()` at quiet prices (no trigger crossed), on one path, at one size of the book. */
export interface BookTicks {
  /** `indexed`: the store's wake index (`listWaking`, `hasLoans`); `full scan`: every open loan read. */
  path: 'indexed' | 'full scan'
  /** Loans in the book then. */
  loans: number
  tickMs: number[]
  /** `uptime` (1, 5, 15 min) after the ticks. */
  load: number[]
}

/** The price drop that liquidates 1% of the book. */
export interface BookDrop {
  fromCents: bigint
  toCents: bigint
  /** The store's `listWaking` at the drop price alone: the loans it returns and its time. */
  waking: number
  wakingMs: number
  /** From the drop tick's start to the last loan saved LIQUIDATING (every liquidation decided and started). */
  startedMs: number
  /** `desk.tick()` at the drop: each waking loan decided, saved LIQUIDATING, its lock settled, its surplus paid, LIQUIDATED. */
  tickMs: number
  load: number[]
  /** The loans the book was built to liquidate at the drop. */
  expected: number
  /** Loans no longer ACTIVE after the tick. */
  leftActive: number
  /** Of those, LIQUIDATED (the rest LIQUIDATING). */
  liquidated: number
  /** Loans that left ACTIVE but were not built to. */
  unexpected: number
}

/** The loan book on one store. */
export interface LoanBookResult {
  store: BookStoreKind
  loans: number
  /** Filling the store (`saveLoan` of each loan, `concurrency` at a time). */
  fill: { ms: number; concurrency: number; load: number[] }
  /** Heap held per idle loan, after a full GC (the memory store). */
  heapBytesPerLoan: number | undefined
  /** The loans' share of the store on disk, per loan (table, indexes and TOAST; the SQLite files). */
  diskBytesPerLoan: number | undefined
  ticks: BookTicks[]
  drop: BookDrop
  /** Errors the desks reported (none expected). */
  errors: number
}
