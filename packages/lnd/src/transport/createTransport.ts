import { BaseError, type CallOptions, NodeUnreachableError } from '@btcfi/core'
import { createDispatchers, type Reply } from '#dispatcher'
import { type ChunkReader, readNdjson } from '../stream/readNdjson.js'
import { aborted, errorFromBody, isObject, protocol, timedOut, unreachable } from './errors.js'

export interface TransportOptions {
  /** `https://host:port`, no trailing slash, no credential: also the target named in errors. */
  url: string
  macaroonHex: string
  /** PEM certificate to trust instead of the system's CAs (lnd's self-signed one). */
  cert: string | undefined
  timeoutMs: number
  /** Retries of GETs on 408/429/502/503/504 and network errors. */
  retry: number
  fetch: typeof globalThis.fetch | undefined
}

export type Method = 'GET' | 'POST' | 'DELETE'

/** How this package talks HTTP to lnd. Everything per backend is made once, here. */
export interface Transport {
  /** A unary call: the JSON reply, mapped by `map`; every failure as a core error. */
  call<W, T>(
    method: Method,
    path: string,
    body: unknown,
    map: (wire: W) => T,
    options: CallOptions | undefined,
  ): Promise<T>
  /**
   * A server stream: each `result`, mapped by `map` (undefined skips the line).
   * `complete(last)` says whether the stream may end after `last` (undefined:
   * nothing came): lnd ends its streams cleanly when it shuts down, so an end
   * anywhere else is thrown as a dropped connection.
   */
  stream<W, T>(
    method: Method,
    path: string,
    body: unknown,
    map: (wire: W) => T | undefined,
    complete: (last: T | undefined) => boolean,
    options: CallOptions | undefined,
  ): AsyncGenerator<T, void, undefined>
  close(): Promise<void>
}

/**
 * lnd answers its application errors (code 2: "unable to locate invoice"...)
 * with HTTP 500: retrying those would only delay the error. 503 is lnd still
 * starting (gRPC UNAVAILABLE); 502/504 come from proxies in front of it.
 */
const retryStatus = new Set([408, 429, 502, 503, 504])
const retryDelayMs = (attempt: number): number => 300 * 2 ** attempt

type Init = RequestInit & { dispatcher?: unknown }

/**
 * fetch with a policy: GETs retried (never a POST or DELETE: a payment, an
 * invoice, a channel close is never repeated), unary calls timed out, streams
 * not, lnd's error bodies through `fromLndError`. Plain fetch rather than an
 * HTTP client library: on one 2-core machine shared with lnd, a client's
 * per-call CPU is lnd's throughput (a ky-based version measured 0.84-0.89× raw
 * REST on getInfo and addInvoice at 16 in flight). In Node, with no custom
 * fetch, calls skip fetch too and go through undici's `request` on our pools:
 * Node 20's fetch (Request, Response, web streams, an AbortSignal per call)
 * cost about twice raw https's CPU per getInfo, and 0.6-0.75× its rate at
 * 8-128 in flight (packages/bench).
 */
export function createTransport(options: TransportOptions): Transport {
  const { url: target, timeoutMs, retry } = options
  const base = `${target}/`
  const fetchImpl = options.fetch ?? globalThis.fetch
  const pools = createDispatchers(options.cert, timeoutMs)
  // Without our dispatcher (a browser, a custom fetch) nothing enforces the
  // timeout but an AbortSignal.
  const signalTimeout = pools === undefined || options.fetch !== undefined
  // Made once: fetch copies header records, it never keeps or mutates them.
  const headers: Record<string, string> = { 'Grpc-Metadata-macaroon': options.macaroonHex }
  const jsonHeaders: Record<string, string> = { ...headers, 'content-type': 'application/json' }
  const secrets = [options.macaroonHex]
  // Node without a custom fetch: unary calls on undici's request (see above).
  const direct = options.fetch === undefined ? pools : undefined

  function init(
    method: Method,
    payload: string | undefined,
    signal: AbortSignal | undefined,
    unary: boolean,
  ): Init {
    const request: Init = { method, headers: payload === undefined ? headers : jsonHeaders }
    if (payload !== undefined) request.body = payload
    const dispatcher = unary ? pools?.unary : pools?.stream
    if (dispatcher !== undefined) request.dispatcher = dispatcher
    let requestSignal = signal
    if (unary && signalTimeout) {
      const timeout = AbortSignal.timeout(timeoutMs)
      requestSignal = signal ? AbortSignal.any([signal, timeout]) : timeout
    }
    if (requestSignal) request.signal = requestSignal
    return request
  }

  /** A thrown fetch/body error → a core error. */
  function failure(error: unknown, signal: AbortSignal | undefined): BaseError {
    if (error instanceof BaseError) return error
    if (signal?.aborted) return aborted(signal.reason ?? error, secrets)
    if (isTimeout(error)) return timedOut(target, timeoutMs)
    // Not the caller's abort (nor the timeout): the connection was torn down under the call.
    return unreachable(target, error, undefined, secrets)
  }

  async function fetchText(
    method: Method,
    url: string,
    payload: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const canRetry = method === 'GET' && attempt < retry
      let reply: Reply
      try {
        reply = await send(method, url, payload, signal)
      } catch (error) {
        const mapped = failure(error, signal)
        if (canRetry && mapped instanceof NodeUnreachableError) {
          await delay(retryDelayMs(attempt), signal)
          continue
        }
        throw mapped
      }
      if (reply.status >= 200 && reply.status < 300) return reply.text
      if (canRetry && retryStatus.has(reply.status)) {
        await delay(retryAfterMs(reply.retryAfter) ?? retryDelayMs(attempt), signal)
        continue
      }
      throw errorFromBody(reply.status, reply.text, target, secrets)
    }
  }

  async function send(
    method: Method,
    url: string,
    payload: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Reply> {
    if (direct !== undefined)
      return direct.request(
        method,
        url,
        payload === undefined ? headers : jsonHeaders,
        payload,
        signal,
      )
    const response = await fetchImpl(url, init(method, payload, signal, true))
    const text = await response.text()
    return {
      status: response.status,
      text,
      retryAfter: response.headers.get('retry-after') ?? undefined,
    }
  }

  function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer)
        reject(aborted(signal?.reason, secrets))
      }
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        },
        Math.min(ms, timeoutMs),
      )
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  return {
    async call(method, path, body, map, callOptions) {
      const signal = callOptions?.signal
      if (signal?.aborted) throw aborted(signal.reason, secrets)
      const payload = body === undefined ? undefined : JSON.stringify(body)
      const text = await fetchText(method, base + path, payload, signal)
      let wire: unknown
      try {
        wire = text === '' ? {} : JSON.parse(text)
      } catch (error) {
        throw protocol(`lnd's reply to ${method} /${stripQuery(path)} is not JSON`, error, secrets)
      }
      try {
        return map(wire as Parameters<typeof map>[0])
      } catch (error) {
        throw error instanceof BaseError
          ? error
          : protocol(
              `lnd's reply to ${method} /${stripQuery(path)} is not as expected`,
              error,
              secrets,
            )
      }
    },

    async *stream(method, path, body, map, complete, callOptions) {
      const signal = callOptions?.signal
      if (signal?.aborted) return
      const payload = body === undefined ? undefined : JSON.stringify(body)
      let opened: {
        status: number
        body: ChunkReader | ReadableStream<Uint8Array> | null
        text(): Promise<string>
      }
      try {
        if (direct !== undefined) {
          opened = await direct.openStream(
            method,
            base + path,
            payload === undefined ? headers : jsonHeaders,
            payload,
            signal,
          )
        } else {
          const response = await fetchImpl(base + path, init(method, payload, signal, false))
          opened = { status: response.status, body: response.body, text: () => response.text() }
        }
      } catch (error) {
        if (signal?.aborted) return
        throw failure(error, signal)
      }
      if (opened.status < 200 || opened.status >= 300) {
        // A stream lnd refuses before its first message: `{"error": {...}}`, non-2xx.
        const text = await opened.text().catch(() => '')
        throw errorFromBody(opened.status, text, target, secrets)
      }
      // Ends the read when the consumer stops early; see `finally`.
      const stop = new AbortController()
      const lines = readNdjson(opened.body, {
        signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
        target,
        secrets,
      })
      let last: ReturnType<typeof map>
      let ended = false
      try {
        for (;;) {
          const next = await lines.next()
          if (next.done) break
          let value: ReturnType<typeof map>
          try {
            value = map(next.value as Parameters<typeof map>[0])
          } catch (error) {
            throw error instanceof BaseError
              ? error
              : protocol(
                  `lnd's stream ${method} /${stripQuery(path)} sent an unexpected message`,
                  error,
                  secrets,
                )
          }
          if (value !== undefined) {
            last = value
            yield value
          }
        }
        ended = true
      } finally {
        if (!ended) {
          if (complete(last)) drain(lines, stop)
          else await lines.return(undefined)
        }
      }
      if (!signal?.aborted && !complete(last))
        throw unreachable(
          target,
          undefined,
          `lnd ended the stream ${method} /${stripQuery(path)} before its final message (lnd ends its streams cleanly when it shuts down)`,
        )
    },

    async close() {
      await pools?.close()
    },
  }
}

/** How long a stream stopped at its final message may take to end before it is canceled. */
const DRAIN_MS = 5_000

/**
 * The consumer stopped at a stream's final message (a payment's SUCCEEDED):
 * lnd ends the stream right after it. Reading to that end, in the background,
 * gives the connection back to the pool; canceling would close it, and the
 * next stream would pay a new TLS handshake. Canceled after DRAIN_MS all the
 * same.
 */
function drain(lines: AsyncGenerator<unknown, void, undefined>, stop: AbortController): void {
  const timer = setTimeout(() => stop.abort(), DRAIN_MS)
  timer.unref?.()
  const read = async (): Promise<void> => {
    try {
      while (!(await lines.next()).done) {}
    } catch {
      // An error after the final message changes nothing for the consumer.
    } finally {
      clearTimeout(timer)
    }
  }
  void read()
}

const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])

/**
 * undici's headers/body timeouts (our pool: thrown by its request, or as the
 * cause of fetch's error), or AbortSignal.timeout's DOMException.
 */
function isTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  if (error.name === 'TimeoutError') return true
  if (timeoutCodes.has((error as Error & { code?: unknown }).code as string)) return true
  const cause = error.cause
  return isObject(cause) && timeoutCodes.has(cause.code as string)
}

/** `Retry-After` in seconds (lnd never sends one; a proxy may). */
function retryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const seconds = Number(value)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined
}

function stripQuery(path: string): string {
  const query = path.indexOf('?')
  return query === -1 ? path : path.slice(0, query)
}
