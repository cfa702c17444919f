import WebSocket from 'ws'

export interface NodeWebSocketOptions {
  /**
   * PEM of the mailbox's TLS certificate when it is self-signed (a regtest or
   * private mailbox). When absent, the system's CAs.
   */
  ca?: string | undefined
}

/**
 * Node 20 has no global WebSocket, and the LNC wasm client dials the mailbox
 * with `globalThis.WebSocket`: this sets it to the `ws` package's, trusting
 * `ca` when given. Call it once before the first LNC call. Without `ca` it
 * keeps a global WebSocket that is already there (Node 22+, a polyfill).
 *
 * @example
 * import { installWebSocket, lnc } from '@btcfi/lnc/node'
 * installWebSocket({ ca: mailboxCertPem })
 * const backend = lnc({ pairingPhrase, mailbox: '127.0.0.1:10009', wasmUrl })
 */
export function installWebSocket(options: NodeWebSocketOptions = {}): void {
  const existing = (globalThis as { WebSocket?: unknown }).WebSocket
  const { ca } = options
  if (ca === undefined && typeof existing === 'function') return
  class NodeWebSocket extends WebSocket {
    static btcfi = true
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, ca === undefined ? {} : { ca })
      // A browser's WebSocket never throws from an 'error' event; ws's
      // EventEmitter does when nobody listens (the wasm client closes
      // sockets still connecting after removing its listeners).
      this.on('error', () => {})
    }
  }
  ;(globalThis as { WebSocket?: unknown }).WebSocket = NodeWebSocket
}
