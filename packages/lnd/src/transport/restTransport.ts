import { BaseError, NodeUnreachableError, type RpcRoute } from '@btcfi/core'
import { type Transport, toHttpRequest, type WireStream } from '@btcfi/wire'
import { createSender } from '#sender'
import { type ChunkReader, readNdjson } from '../stream/readNdjson.js'
import { aborted, errorFromBody, isObject, protocol, timedOut, unreachable } from './errors.js'

export interface RestTransportOptions {
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

/**
 * lnd answers its application errors (code 2: "unable to locate invoice"...)
 * with HTTP 500: retrying those would only delay the error. 503 is lnd still
 * starting (gRPC UNAVAILABLE); 502/504 come from proxies in front of it.
 */
const retryStatus = new Set([408, 429, 502, 503, 504])
const retryDelayMs = (attempt: number): number => 300 * 2 ** attempt

/**
 * lnd's REST gateway as a `Transport`: each RPC's rule and message make the
 * request (see `toHttpRequest`); GETs are retried (never a POST or DELETE: a
 * payment, an invoice, a channel close is never repeated), lnd's error bodies
 * go through `fromLndError`. One send path, on the `Sender` of the runtime
 * (undici's pools in Node, fetch elsewhere or when one is given). Plain HTTP
 * rather than an HTTP client library: on one 2-core machine shared with lnd, a
 * client's per-call CPU is lnd's throughput (a ky-based version measured
 * 0.84-0.89× raw REST on getInfo and addInvoice at 16 in flight).
 */
export function restTransport(options: RestTransportOptions): Transport & { kind: 'lnd-rest' } {
  const { url: target, timeoutMs, retry } = options
  const base = `${target}/`
  const sender = createSender(options.cert, timeoutMs, options.fetch)
  // Made once: a sender never keeps or mutates the header records.
  const headers: Record<string, string> = { 'Grpc-Metadata-macaroon': options.macaroonHex }
  const jsonHeaders: Record<string, string> = { ...headers, 'content-type': 'application/json' }
  const secrets = [options.macaroonHex]
  const headersFor = (body: string | undefined) => (body === undefined ? headers : jsonHeaders)

  /** A thrown network error → a core error. */
  function failure(error: unknown, signal: AbortSignal | undefined): BaseError {
    if (error instanceof BaseError) return error
    if (signal?.aborted) return aborted(signal.reason ?? error, secrets)
    if (isTimeout(error)) return timedOut(target, timeoutMs)
    // Not the caller's abort (nor the timeout): the connection was torn down under the call.
    return unreachable(target, error, undefined, secrets)
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

  async function unary(route: RpcRoute, message: object, signal: AbortSignal | undefined) {
    const { method, path, body } = toHttpRequest(route.http, message)
    const url = base + path
    for (let attempt = 0; ; attempt++) {
      const canRetry = method === 'GET' && route.once !== true && attempt < retry
      let reply: Awaited<ReturnType<typeof sender.request>>
      try {
        reply = await sender.request(method, url, headersFor(body), body, signal)
      } catch (error) {
        const mapped = failure(error, signal)
        if (canRetry && mapped instanceof NodeUnreachableError) {
          await delay(retryDelayMs(attempt), signal)
          continue
        }
        throw mapped
      }
      if (reply.status >= 200 && reply.status < 300) {
        try {
          return reply.text === '' ? {} : (JSON.parse(reply.text) as unknown)
        } catch (error) {
          throw protocol(`lnd's reply to ${route.http} is not JSON`, error, secrets)
        }
      }
      if (canRetry && retryStatus.has(reply.status)) {
        await delay(retryAfterMs(reply.retryAfter) ?? retryDelayMs(attempt), signal)
        continue
      }
      throw errorFromBody(reply.status, reply.text, target, secrets)
    }
  }

  /** Opens a server stream: lnd's messages, or nothing when the signal fired first. */
  async function open(
    route: RpcRoute,
    message: object,
    signal: AbortSignal | undefined,
  ): Promise<OpenStream | undefined> {
    const { method, path, body } = toHttpRequest(route.http, message)
    let opened: Awaited<ReturnType<typeof sender.openStream>>
    try {
      opened = await sender.openStream(method, base + path, headersFor(body), body, signal)
    } catch (error) {
      if (signal?.aborted) return undefined
      throw failure(error, signal)
    }
    if (opened.status < 200 || opened.status >= 300) {
      // A stream lnd refuses before its first message: `{"error": {...}}`, non-2xx.
      const text = await opened.text().catch(() => '')
      throw errorFromBody(opened.status, text, target, secrets)
    }
    // A body-less 2xx reads as a stream that ends at once (its end before a final message is a drop).
    const replyBody = opened.body ?? emptyBody
    const reader = 'getReader' in replyBody ? replyBody.getReader() : replyBody
    return { reader, lines: readNdjson(reader, { signal, target, secrets }) }
  }

  return {
    kind: 'lnd-rest',
    target,
    label: 'LndBackend',
    unary,
    stream(route, message, signal): WireStream {
      let opening: Promise<OpenStream | undefined> | undefined
      let lines: AsyncGenerator<unknown, void, undefined> | undefined
      return {
        // Once open, each read goes straight to the lines (no promise around it).
        next() {
          if (lines !== undefined) return lines.next()
          opening ??= open(route, message, signal)
          return opening.then((opened) => {
            if (opened === undefined) return { done: true, value: undefined }
            lines = opened.lines
            return opened.lines.next()
          })
        },
        async stop(final) {
          const opened = await opening?.catch(() => undefined)
          if (opened === undefined) return
          // Stopped early: ending the lines cancels the body.
          if (final) drain(opened)
          else await opened.lines.return(undefined)
        },
      }
    },
    close: () => sender.close(),
  }
}

/** A stream's lines, and the body reader under them (canceled to end it). */
interface OpenStream {
  reader: ChunkReader
  lines: AsyncGenerator<unknown, void, undefined>
}

const emptyBody: ChunkReader = {
  read: async () => ({ done: true }),
  cancel: async () => {},
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
function drain({ reader, lines }: OpenStream): void {
  const timer = setTimeout(() => {
    reader.cancel().catch(() => {})
  }, DRAIN_MS)
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
