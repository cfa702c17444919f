import { Agent } from 'undici'

/** The connection pools of one backend (Node), passed to fetch as `dispatcher`. */
export interface Dispatchers {
  /** Unary calls: lnd must send its headers, and each body chunk, within `timeoutMs`. */
  unary: unknown
  /** Streams: no timeout at all (a subscription may stay silent for hours). */
  stream: unknown
  close(): Promise<void>
}

/**
 * Node: two undici Agents (keep-alive on), made once per backend. The unary
 * call timeout is undici's own headers/body timeout, so a call costs no timer
 * or AbortSignal of ours. With `cert`, it is the only CA trusted on these
 * connections (lnd's self-signed certificate): the host dialed must be in its
 * SANs. Without, the system's CAs.
 */
export function createDispatchers(
  cert: string | undefined,
  timeoutMs: number,
): Dispatchers | undefined {
  const connect = cert === undefined ? {} : { ca: cert }
  const unary = new Agent({ connect, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
  const stream = new Agent({ connect, headersTimeout: 0, bodyTimeout: 0 })
  return {
    unary,
    stream,
    // destroy, not close: a subscription never ends by itself.
    close: async () => {
      await Promise.all([unary.destroy(), stream.destroy()])
    },
  }
}
