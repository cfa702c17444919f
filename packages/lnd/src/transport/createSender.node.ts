import { createSecureContext } from 'node:tls'
import { Agent } from 'undici'
import { fetchSender } from './fetchSender.js'
import { nodeBodyReader } from './nodeBodyReader.js'
import type { Sender } from './Sender.js'

/**
 * Node: two undici Agents (keep-alive on), made once per backend, and calls on
 * undici's own `request` (no fetch, no web streams): Node 20's fetch (Request,
 * Response, web streams, an AbortSignal per call) cost about twice raw https's
 * CPU per getInfo, and 0.6-0.75× its rate at 8-128 in flight (packages/bench).
 * With a custom fetch, that fetch, the pools given as its `dispatcher`. The
 * unary call timeout is undici's own headers/body timeout, so a call costs no
 * timer or AbortSignal of ours. With `cert`, it is the only CA trusted on these
 * connections (lnd's self-signed certificate): the host dialed must be in its
 * SANs. Without, the system's CAs. The TLS context is made once: given a CA,
 * each new connection would otherwise parse it and build its own.
 */
export function createSender(
  cert: string | undefined,
  timeoutMs: number,
  fetch: typeof globalThis.fetch | undefined,
): Sender {
  const connect = cert === undefined ? {} : { secureContext: createSecureContext({ ca: cert }) }
  const unary = new Agent({ connect, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
  const stream = new Agent({ connect, headersTimeout: 0, bodyTimeout: 0 })
  // destroy, not close: a subscription never ends by itself.
  const close = async (): Promise<void> => {
    await Promise.all([unary.destroy(), stream.destroy()])
  }
  if (fetch !== undefined) return fetchSender(fetch, timeoutMs, { unary, stream, close })
  return {
    async request(method, url, headers, body, signal) {
      const response = await send(unary, method, url, headers, body, signal)
      const text = await response.body.text()
      const retryAfter = response.headers['retry-after']
      return {
        status: response.statusCode,
        text,
        retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
      }
    },
    async openStream(method, url, headers, body, signal) {
      const response = await send(stream, method, url, headers, body, signal)
      const status = response.statusCode
      return {
        status,
        text: () => response.body.text(),
        // A refused stream's body is read whole, as text: no reader over it.
        body: status >= 200 && status < 300 ? nodeBodyReader(response.body) : null,
      }
    },
    close,
  }
}

/** One request on a pool, with undici's own `request` (no fetch). */
function send(
  pool: Agent,
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal | undefined,
) {
  const { origin, pathname, search } = new URL(url)
  return pool.request({
    origin,
    path: pathname + search,
    method: method as 'GET',
    headers,
    body: body ?? null,
    signal: signal ?? null,
  })
}
