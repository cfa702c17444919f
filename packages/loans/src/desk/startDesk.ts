import { createDesk, type Desk, type DeskParameters } from './createDesk.js'
import { createDeskHandler, type DeskHandler } from './createDeskHandler.js'
import { listenHandler } from './listenHandler.js'

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
  const listening = await listenHandler(handler, parameters)
  return {
    desk,
    handler,
    url: listening.url,
    async close() {
      await listening.close()
      await desk.close()
    },
  }
}
