import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo } from 'node:net'

// Test helper (not built): a real HTTP server on 127.0.0.1, so tests exercise
// sockets, chunked encoding and keep-alive rather than a mocked fetch.

export interface LocalServer {
  url: string
  /** Every request seen, in order. */
  requests: {
    method: string
    url: string
    headers: IncomingMessage['headers']
    body: string
    /** The client's port: one per connection. */
    remotePort: number | undefined
  }[]
  close(): Promise<void>
}

export type Handler = (
  request: IncomingMessage & { body: string },
  response: ServerResponse,
) => void | Promise<void>

export async function localServer(
  handler: Handler,
  options: { tls?: { key: string; cert: string } } = {},
): Promise<LocalServer> {
  const requests: LocalServer['requests'] = []
  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      body += chunk
    })
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
        remotePort: request.socket.remotePort,
      })
      void Promise.resolve(handler(Object.assign(request, { body }), response)).catch(
        (error: unknown) => {
          response.destroy(error instanceof Error ? error : new Error(String(error)))
        },
      )
    })
  }
  const server = options.tls ? createTlsServer(options.tls, listener) : createServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export const pause = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms))

/** Writes `chunks` one by one with a pause between them, then ends (unless `end` is false). */
export async function writeChunks(
  response: ServerResponse,
  chunks: (string | Uint8Array)[],
  { pauseMs = 15, end = true }: { pauseMs?: number; end?: boolean } = {},
): Promise<void> {
  if (!response.headersSent) {
    response.writeHead(200, { 'content-type': 'application/json' })
    response.flushHeaders()
  }
  for (const chunk of chunks) {
    response.write(chunk)
    await pause(pauseMs)
  }
  if (end) response.end()
}
