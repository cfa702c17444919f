import type { ChunkReader } from '../stream/readNdjson.js'

/** A unary reply, read whole. */
export interface Reply {
  status: number
  text: string
  /** The `Retry-After` header, if any. */
  retryAfter: string | undefined
}

/** A server stream opened: its status, and its body to read as chunks, or whole (an error). */
export interface OpenedStream {
  status: number
  body: ChunkReader
  text(): Promise<string>
}

/** The connection pools of one backend (Node), passed to fetch as `dispatcher`. */
export interface Dispatchers {
  /** Unary calls: lnd must send its headers, and each body chunk, within `timeoutMs`. */
  unary: unknown
  /** Streams: no timeout at all (a subscription may stay silent for hours). */
  stream: unknown
  /**
   * A unary call on the unary pool without fetch's Request, Response and web
   * streams: undici's own `request`, at a fraction of fetch's CPU per call.
   * Errors are undici's (a timeout has code `UND_ERR_HEADERS_TIMEOUT` or
   * `UND_ERR_BODY_TIMEOUT`, an abort is named `AbortError`).
   */
  request(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Reply>
  /** A server stream on the stream pool, the same way (no fetch, no web streams). */
  openStream(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<OpenedStream>
  close(): Promise<void>
}
