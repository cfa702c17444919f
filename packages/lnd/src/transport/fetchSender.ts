import { deadlineSignal } from '@btcfi/core'
import type { Sender } from './Sender.js'

type Init = RequestInit & { dispatcher?: unknown }

/**
 * A sender on fetch: a browser's, or one given to `lnd()`. With `pools` (Node
 * and a custom fetch), they go to fetch as `init.dispatcher`. A unary call is
 * timed out with an AbortSignal all the same: a custom fetch may not use the
 * dispatcher.
 */
export function fetchSender(
  fetchImpl: typeof globalThis.fetch,
  timeoutMs: number,
  pools?: { unary: unknown; stream: unknown; close(): Promise<void> },
): Sender {
  const init = (
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
    dispatcher: unknown,
  ): Init => {
    const request: Init = { method, headers }
    if (body !== undefined) request.body = body
    if (dispatcher !== undefined) request.dispatcher = dispatcher
    if (signal !== undefined) request.signal = signal
    return request
  }
  return {
    async request(method, url, headers, body, signal) {
      const deadline = deadlineSignal(timeoutMs, signal)
      try {
        const response = await fetchImpl(
          url,
          init(method, headers, body, deadline.signal, pools?.unary),
        )
        const text = await response.text()
        return {
          status: response.status,
          text,
          retryAfter: response.headers.get('retry-after') ?? undefined,
        }
      } finally {
        deadline.clear()
      }
    },
    async openStream(method, url, headers, body, signal) {
      const response = await fetchImpl(url, init(method, headers, body, signal, pools?.stream))
      return { status: response.status, body: response.body, text: () => response.text() }
    },
    close: async () => {
      await pools?.close()
    },
  }
}
