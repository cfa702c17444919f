import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { DeskHandler } from './createDeskHandler.js'
import { serveDeskHandler } from './serveDeskHandler.js'

export interface ListenParameters {
  /** TCP port; 0 (default) picks a free one. */
  port?: number | undefined
  /** Default 127.0.0.1. */
  host?: string | undefined
  /** How long a client may take to send a whole request, ms. Default 10 000. */
  requestTimeoutMs?: number | undefined
}

/**
 * Serves a fetch-style handler of the protocol (a desk's or an escrow
 * agent's) on node:http (`serveDeskHandler`: bodies held to the handler's
 * limit), with requests that must come whole within `requestTimeoutMs`.
 * Resolves once it listens; `close` drops every connection.
 */
export async function listenHandler(
  handler: Pick<DeskHandler, 'maxBodyBytes'> & ((request: Request) => Promise<Response>),
  parameters: ListenParameters,
): Promise<{ url: string; close(): Promise<void> }> {
  const host = parameters.host ?? '127.0.0.1'
  const requestTimeout = parameters.requestTimeoutMs ?? 10_000
  const server = createServer(
    {
      requestTimeout,
      headersTimeout: requestTimeout,
      keepAliveTimeout: 5_000,
      // How often node:http looks for connections past their time (its default is 30 s).
      connectionsCheckingInterval: Math.min(1_000, requestTimeout),
    },
    (req, res) => {
      serveDeskHandler(handler, host, req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500)
        res.end()
      })
    },
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(parameters.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
