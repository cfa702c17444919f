import { createSecureContext } from 'node:tls'
import { Agent } from 'undici'
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

/**
 * Node: two undici Agents (keep-alive on), made once per backend. The unary
 * call timeout is undici's own headers/body timeout, so a call costs no timer
 * or AbortSignal of ours. With `cert`, it is the only CA trusted on these
 * connections (lnd's self-signed certificate): the host dialed must be in its
 * SANs. Without, the system's CAs. The TLS context is made once: given a CA,
 * each new connection would otherwise parse it and build its own.
 */
export function createDispatchers(
  cert: string | undefined,
  timeoutMs: number,
): Dispatchers | undefined {
  const connect = cert === undefined ? {} : { secureContext: createSecureContext({ ca: cert }) }
  const unary = new Agent({ connect, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
  const stream = new Agent({ connect, headersTimeout: 0, bodyTimeout: 0 })
  return {
    unary,
    stream,
    async request(method, url, headers, body, signal) {
      const { origin, pathname, search } = new URL(url)
      const response = await unary.request({
        origin,
        path: pathname + search,
        method: method as 'GET',
        headers,
        body: body ?? null,
        signal: signal ?? null,
      })
      const text = await response.body.text()
      const retryAfter = response.headers['retry-after']
      return {
        status: response.statusCode,
        text,
        retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
      }
    },
    async openStream(method, url, headers, body, signal) {
      const { origin, pathname, search } = new URL(url)
      const response = await stream.request({
        origin,
        path: pathname + search,
        method: method as 'GET',
        headers,
        body: body ?? null,
        signal: signal ?? null,
      })
      const chunks = response.body[Symbol.asyncIterator]()
      return {
        status: response.statusCode,
        text: () => response.body.text(),
        body: {
          async read() {
            const next = await chunks.next()
            return next.done ? { done: true } : { done: false, value: next.value as Uint8Array }
          },
          async cancel() {
            response.body.destroy()
          },
        },
      }
    },
    // destroy, not close: a subscription never ends by itself.
    close: async () => {
      await Promise.all([unary.destroy(), stream.destroy()])
    },
  }
}
