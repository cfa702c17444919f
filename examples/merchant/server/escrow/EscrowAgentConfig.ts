import type { PriceFeedExchange } from '../pricefeed/startPriceFeed.js'
import type { NodeConnection } from '../stack/NodeConnection.js'

/** What an escrow agent process runs on (`escrowAgentMain.ts <config.json>`). */
export interface EscrowAgentConfig {
  /**
   * The node whose chain height the agent reads: not the lender's, so that the
   * lender cannot show it another chain. A read-only macaroon is enough.
   */
  node: NodeConnection
  /** Where the agent keeps the preimages: an SQLite file, or a PostgreSQL schema (a loan book's may be shared). */
  store: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema?: string }
  /** A file holding the agent's secret key (hex): drawn and written (mode 0600) when missing. */
  secretPath: string
  /** The exchanges of the agent's own oracle: their median, from at least two of them. */
  exchanges: PriceFeedExchange[]
  /** TCP port. Default 0: a free one. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
}

/** What an escrow agent process says once it listens: a JSON line on stdout, and the same over IPC. */
export interface EscrowAgentUp {
  url: string
  /** The agent's key (x-only, hex): the desk accepts it, the borrower seals to it. */
  pubkey: string
  pid: number
}
