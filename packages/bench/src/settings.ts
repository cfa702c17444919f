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
  loans: number
  ticks: number
  /** Loans in the SQLite store's sweep (0: none); its every tick writes each loan with a sync. */
  sqliteLoans: number
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
  loans: 100_000,
  ticks: 3,
  sqliteLoans: 2_000,
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
  loans: 10_000,
  ticks: 2,
  sqliteLoans: 500,
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
