/** What an LNC session may do: everything (`admin`) or read only (`readonly`). */
export type LncSessionType = 'admin' | 'readonly'

/** A session the node side created: its one-time pairing phrase and expiry. */
export interface LncSession {
  /** Ten words. A secret: never log it. It pairs one client, once. */
  pairingPhrase: string
  type: LncSessionType
  /** When the session's macaroon stops working. */
  expiry: Date
}

/**
 * The Lightning Node Connect path of a regtest network: a hashmail mailbox,
 * one node side per lnd node and the wasm client served over loopback HTTP.
 */
export interface LncNetwork {
  /** `127.0.0.1:<port>` of the mailbox (lnc-web's `serverHost`). */
  mailbox: string
  /** The mailbox's self-signed TLS certificate (PEM): trust it to dial `wss://<mailbox>`. */
  mailboxCert: string
  /** `http://127.0.0.1:<port>/wasm-client.wasm`, served as `application/wasm`. */
  wasmUrl: string
  /** Go's `wasm_exec.js` next to the wasm. */
  wasmExecUrl: string
  /** A new session on a node, with a fresh pairing phrase. */
  createSession(
    node: string,
    params?: { type?: LncSessionType; expirySeconds?: number },
  ): Promise<LncSession>
  /** Stops the mailbox and starts it again on the same address (a mailbox outage). */
  restartMailbox(): Promise<void>
}
