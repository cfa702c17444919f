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
  body: ChunkReader | ReadableStream<Uint8Array> | null
  text(): Promise<string>
}

/**
 * How the REST transport puts a request on the network: the one thing that
 * differs between Node (undici's pools, their own timeouts) and a browser or a
 * custom fetch. Errors are the sender's own; the transport maps them.
 */
export interface Sender {
  /** A unary call: lnd must answer within the backend's `timeoutMs`. */
  request(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Reply>
  /** A server stream: no timeout at all (a subscription may stay silent for hours). */
  openStream(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<OpenedStream>
  close(): Promise<void>
}
