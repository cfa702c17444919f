import { toJson } from './json.js'

/**
 * A Server-Sent Events response: `start` gets a `send` for each event and
 * returns what stops its subscriptions once the client goes away.
 */
export function eventStream(
  signal: AbortSignal,
  start: (send: (event: string, data: unknown) => void) => () => void,
): Response {
  const encoder = new TextEncoder()
  let stop: (() => void) | undefined
  let heartbeat: ReturnType<typeof setInterval> | undefined
  const close = () => {
    clearInterval(heartbeat)
    stop?.()
    stop = undefined
  }
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text))
        } catch {
          close()
        }
      }
      stop = start((event, data) => write(`event: ${event}\ndata: ${toJson(data)}\n\n`))
      heartbeat = setInterval(() => write(': keep-alive\n\n'), 15_000)
      signal.addEventListener('abort', () => {
        close()
        try {
          controller.close()
        } catch {
          // already closed
        }
      })
    },
    cancel: close,
  })
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    },
  })
}
