import type { RpcRoute } from '@btcfi/core'

/**
 * How a backend reaches lnd: it sends one RPC's request message and gives
 * back lnd's JSON, and throws every failure as a core error (lnd's own
 * through `fromLndError`). All the rest (checks, mapping, when a stream may
 * end, what an abort gives) is `backendFrom`'s, once for every transport.
 */
export interface Transport {
  /** The backend's `kind`: `lnd-rest`, `lnc`. */
  readonly kind: string
  /** Where the node is, without any credential. */
  readonly target: string
  /** How the backend names itself when printed: `LndBackend`. */
  readonly label: string
  /** One unary call: lnd's reply, parsed. */
  unary(route: RpcRoute, message: object, signal: AbortSignal | undefined): Promise<unknown>
  /** A server stream, opened on the first `next()`. */
  stream(route: RpcRoute, message: object, signal: AbortSignal | undefined): WireStream
  /** Releases the connections. */
  close(): Promise<void>
}

/** lnd's messages of one server stream. */
export interface WireStream {
  /** The next message; done when lnd ended the stream, or when the signal fired. */
  next(): Promise<IteratorResult<unknown, void>>
  /**
   * Stops reading before lnd ended the stream. `final`: the last message was
   * the stream's final one, and lnd is about to end it by itself (a transport
   * may then read to that end, to keep its connection).
   */
  stop(final: boolean): Promise<void>
}
