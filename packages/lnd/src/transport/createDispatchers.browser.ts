import type { ChunkReader } from '../stream/readNdjson.js'

/** Same shape as the Node variant. */
export interface OpenedStream {
  status: number
  body: ChunkReader
  text(): Promise<string>
}

/** Same shape as the Node variant. */
export interface Reply {
  status: number
  text: string
  retryAfter: string | undefined
}

/** Same shape as the Node variant. */
export interface Dispatchers {
  unary: unknown
  stream: unknown
  request(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Reply>
  openStream(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<OpenedStream>
  close(): Promise<void>
}

/**
 * Browsers (any runtime without the `node` export condition): no dispatcher.
 * The runtime's trust store decides, so a certificate given to `lnd()` is not
 * used (it could only have added trust); timeouts use an AbortSignal.
 */
export function createDispatchers(
  _cert: string | undefined,
  _timeoutMs: number,
): Dispatchers | undefined {
  return undefined
}
