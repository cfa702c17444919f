import type { LncStorage } from '../credentials/LncStorage.js'

/** How to reach a node over Lightning Node Connect. */
export interface LncOptions {
  /**
   * The ten-word phrase of a new session (a secret, used once). Leave it out
   * to reconnect with the credentials stored by an earlier pairing (then
   * `password` is needed).
   */
  pairingPhrase?: string | undefined
  /** The mailbox, `host:port` (lnc-web's `serverHost`); the client dials `wss://<mailbox>`. */
  mailbox: string
  /**
   * URL of the LNC wasm client. Always passed: the backend never falls back
   * to lnc-web's default remote URL.
   */
  wasmUrl: string
  /**
   * Encrypts the credentials pairing leaves (keys and phrase) before they
   * reach `storage`. Without it nothing is stored, and a later connection
   * needs a new pairing phrase.
   */
  password?: string | undefined
  /** Where encrypted credentials are kept. Default: `localStorage` in a browser, memory elsewhere. */
  storage?: LncStorage | undefined
  /** The key under which `storage` keeps them. Default `btcfi-lnc:<mailbox>`. */
  storageKey?: string | undefined
  /**
   * The global the wasm client sets its functions on. Default: a fresh name
   * per backend, so that several backends can live in one page.
   */
  namespace?: string | undefined
  /**
   * How long pairing or reconnecting may take, in ms (lnc-web alone gives up
   * after about 10 s; a reconnect may wait for the mailbox to let the last
   * connection go). Default 30 000.
   */
  connectTimeoutMs?: number | undefined
  /** Timeout of each unary call in ms. Default 30 000. */
  timeoutMs?: number | undefined
}
