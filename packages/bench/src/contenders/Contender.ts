import type { LncNetwork, NodeHandle } from '@btcfi/regtest'

/**
 * One way of talking to lnd, measured against the others on the same nodes.
 * Every method does the whole of what a user's code would do for that call
 * (request, reply parsed, final state awaited) and nothing more.
 */
export interface Contender {
  readonly name: string
  getInfo(): Promise<void>
  /** An invoice on the payee; returns its payment request. */
  createInvoice(amountMsat: bigint): Promise<string>
  /** Pays from the payer; resolves once the payment succeeded, throws if it failed. */
  payInvoice(paymentRequest: string): Promise<void>
  /** Keysend from the payer to the payee; resolves once it succeeded. */
  keysend(amountMsat: bigint): Promise<void>
  /** Hold invoices on the payee. */
  hold: HoldInvoices
  close(): Promise<void>
}

export interface HoldInvoices {
  /** Creates a hold invoice for `paymentHash` (hex); returns its payment request. */
  create(paymentHash: string, amountMsat: bigint): Promise<string>
  /** Resolves when the payee sees the invoice ACCEPTED (the HTLC held). */
  accepted(paymentHash: string): Promise<void>
  /** Settles with `preimage` (hex). */
  settle(preimage: string): Promise<void>
}

/** The two nodes of a contender: the payer (alice) pays the payee (bob) over their channel. */
export interface ContenderNodes {
  payer: NodeHandle
  payee: NodeHandle
  /** The network's LNC path (mailbox, node sides, wasm), when it runs one. */
  lnc?: LncNetwork | undefined
}

/**
 * Makes a contender. A new one is a file exporting such a function, added to
 * the list in `contenders/contenders.ts`; e.g. the SDK over LNC:
 * `createClient({ backend: lnc({ pairingPhrase }) })` handed to `sdkContender`.
 */
export type ContenderFactory = (nodes: ContenderNodes) => Promise<Contender>
