import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createDesk, type Desk, type DeskParameters } from './createDesk.js'
import { createDeskHandler, type DeskHandler } from './createDeskHandler.js'
import { serveDeskHandler } from './serveDeskHandler.js'

export interface StartDeskParameters extends DeskParameters {
  /** TCP port; 0 (default) picks a free one. */
  port?: number
  /**
   * How long a client may take to send a whole request (headers and body),
   * ms: a connection left half-open, or trickling, is closed then. Default 10 000.
   */
  requestTimeoutMs?: number
  /** Default 127.0.0.1: put a TLS proxy in front to serve others. */
  host?: string
}

export interface RunningDesk {
  desk: Desk
  handler: DeskHandler
  /** `http://host:port` */
  url: string
  /** Stops the server, the watchers and the timer (the store stays open). */
  close(): Promise<void>
}

/**
 * Starts a desk and serves its protocol on node:http: recovers first
 * (reconciles the store with lnd: locks, payments in flight, invoices), then
 * listens, then ticks.
 *
 * @example
 * const { url, close } = await startDesk({ client, store: await sqliteLoanStore({ path: 'desk.db' }), oracle, secret, terms: defaultTerms, port: 8090 })
 */
export async function startDesk(parameters: StartDeskParameters): Promise<RunningDesk> {
  const desk = await createDesk(parameters)
  await desk.recover()
  const handler = createDeskHandler({
    desk,
    client: parameters.client,
    store: parameters.store,
    ...(parameters.now ? { now: parameters.now } : {}),
    ...(parameters.maxSkewMs === undefined ? {} : { maxSkewMs: parameters.maxSkewMs }),
    ...(parameters.onError
      ? { onError: (error: unknown) => parameters.onError?.(error, 'http') }
      : {}),
  })
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
    desk,
    handler,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await desk.close()
    },
  }
}
