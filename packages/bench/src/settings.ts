/** What one run does; `--quick` for a short run while developing, flags to override one by one. */
export interface Settings {
  rounds: number
  /** Seconds of each throughput run of getInfo and createInvoice. */
  unarySeconds: number
  /** Seconds of each throughput run of payInvoice and keysend. */
  paymentSeconds: number
  /** Hold-invoice lifecycles per contender per round. */
  holds: number
  streams: number
  streamSeconds: number
  /** The limiter of the stream run: payments in flight and started per second. */
  streamCap: number
  streamRate: number
  /** Active loans in the loan book, in memory and on PostgreSQL. */
  bookLoans: number
  /** Quiet ticks (no trigger crossed) of the desk on the wake index, per measurement. */
  bookTicks: number
  /**
   * The size of the book at which the full scan is measured beside the indexed
   * tick, on every store (capped at its book): about a minute per tick at
   * 1,000,000, in memory and on PostgreSQL.
   */
  fullScanLoans: number
  /** Quiet ticks of the full scan (0: none). */
  fullScanTicks: number
  /** 1: the loan book in memory; 0: not (to measure another store alone). */
  memory: number
  /** 1: the loan book on PostgreSQL too (started for the run, or BTCFI_POSTGRES_URL's); 0: not. */
  postgres: number
  /** Loans of the loan book on SQLite (0: none): each save is a synced transaction, so a smaller book. */
  sqliteBookLoans: number
  /** `saveLoan` calls in flight while filling a book. */
  fillConcurrency: number
  /** Further cold starts after the run's own. */
  extraColdStarts: number
  warmStarts: number
  /** 1: run the network's LNC path and measure the SDK over LNC too; 0: LND REST only. */
  lnc: number
}

export const fullSettings: Settings = {
  rounds: 5,
  unarySeconds: 3,
  paymentSeconds: 4,
  holds: 20,
  streams: 1_000,
  streamSeconds: 60,
  streamCap: 100,
  streamRate: 200,
  bookLoans: 1_000_000,
  bookTicks: 7,
  fullScanLoans: 1_000_000,
  fullScanTicks: 3,
  memory: 1,
  postgres: 1,
  sqliteBookLoans: 10_000,
  fillConcurrency: 32,
  extraColdStarts: 2,
  warmStarts: 2,
  lnc: 1,
}

export const quickSettings: Settings = {
  rounds: 2,
  unarySeconds: 1,
  paymentSeconds: 1.5,
  holds: 5,
  streams: 1_000,
  streamSeconds: 10,
  streamCap: 100,
  streamRate: 200,
  bookLoans: 100_000,
  bookTicks: 5,
  fullScanLoans: 100_000,
  fullScanTicks: 2,
  memory: 1,
  postgres: 1,
  sqliteBookLoans: 2_000,
  fillConcurrency: 32,
  extraColdStarts: 0,
  warmStarts: 1,
  lnc: 1,
}

/** `--quick`, then `--name=value` for any setting. */
export function parseSettings(argv: readonly string[]): Settings {
  const settings = { ...(argv.includes('--quick') ? quickSettings : fullSettings) }
  for (const arg of argv) {
    const match = /^--(\w+)=(\d+(?:\.\d+)?)$/.exec(arg)
    if (!match) continue
    const [, name, value] = match
    if (!(name! in settings)) throw new Error(`unknown setting --${name}`)
    settings[name as keyof Settings] = Number(value)
  }
  return settings
}
