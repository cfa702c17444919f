import type { Backend, Network, Payment } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import { followedPaymentsMap } from './followedPayments.js'

export interface ClientConfig {
  /** How to reach the node: `lnd({ ... })` over REST, or `lnc({ ... })`. */
  backend: Backend
  /** The node's chain, when known; otherwise learned once from `getInfo`. */
  network?: Network
  /** How often watchers poll as a backstop to their stream (ms). Default 5000. */
  pollIntervalMs?: number
  /** First and longest wait between reconnects of a watcher (ms). Default 250 and 10 000. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number }
}

/**
 * The client every action takes first. A plain object: actions are
 * standalone functions (`getInfo(client)`), and `createLightningClient`
 * decorates a client with all of them (`client.getInfo()`).
 */
export interface Client {
  readonly backend: Backend
  readonly pollIntervalMs: number
  readonly reconnect: { initialDelayMs: number; maxDelayMs: number }
  /** The node's chain (from the config, or `getInfo` once, then cached). */
  getNetwork(): Promise<Network>
  /** Payments this client is following, by payment hash (idempotent pay): a read-only view. */
  readonly payments: ReadonlyMap<string, Promise<Payment>>
  /** Adds properties built from the client: `client.extend((c) => ({ ...actions }))`. */
  extend<const extension extends Record<string, unknown>>(
    fn: (client: this) => extension,
  ): this & extension
}

/**
 * Creates a bare client: the backend plus shared state. Use
 * `createLightningClient` for one with every action as a method.
 *
 * @example
 * import { createClient, getInfo } from '@btcfi/sdk'
 * import { lnd } from '@btcfi/lnd'
 * const client = createClient({ backend: lnd({ url, macaroon, cert }) })
 * const info = await getInfo(client)
 */
export function createClient(config: ClientConfig): Client {
  let network: Promise<Network> | undefined = config.network
    ? Promise.resolve(config.network)
    : undefined
  const client: Client = {
    backend: config.backend,
    pollIntervalMs: config.pollIntervalMs ?? 5_000,
    reconnect: {
      initialDelayMs: config.reconnect?.initialDelayMs ?? 250,
      maxDelayMs: config.reconnect?.maxDelayMs ?? 10_000,
    },
    payments: followedPaymentsMap(),
    getNetwork() {
      network ??= config.backend.call(rpcs.getInfo).then(
        (info) => info.network,
        (error: unknown) => {
          network = undefined
          throw error
        },
      )
      return network
    },
    extend(fn) {
      const extended = Object.assign(Object.create(Object.getPrototypeOf(this)), this)
      return Object.assign(extended, fn(extended))
    },
  }
  return client
}
