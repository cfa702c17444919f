import type { Hex } from '@btcfi/core'
import { listenHandler } from '../desk/listenHandler.js'
import type { PriceOracle } from '../oracle/PriceOracle.js'
import { createEscrowAgent, type EscrowAgent } from './createEscrowAgent.js'
import { createEscrowHandler, type EscrowHandler } from './createEscrowHandler.js'
import type { AgentView } from './decideRelease.js'
import type { EscrowStore } from './EscrowStore.js'

export interface StartEscrowAgentParameters {
  /** The agent's secret key (32 bytes): it opens the sealed preimages and signs attestations. */
  secret: Uint8Array
  store: EscrowStore
  /** The agent's own median price (the loans' oracle rules): a liquidation is judged on it alone. */
  oracle: PriceOracle
  /** The chain's height, as the agent's own node sees it. */
  height: () => Promise<number>
  /** The agent's clock (ms since the epoch): dispute windows. Default `Date.now`. */
  now?: () => number
  /** How long the oracle may take before the agent judges without a price, ms. Default 10 000. */
  priceTimeoutMs?: number
  /** TCP port; 0 (default) picks a free one. */
  port?: number
  /** Default 127.0.0.1: put a TLS proxy in front to serve others. */
  host?: string
  /** How long a client may take to send a whole request (headers and body), ms. Default 10 000. */
  requestTimeoutMs?: number
  /** Told about each 5xx and each failure of the oracle (never with a preimage). */
  onError?: (error: unknown, context: 'http' | 'oracle') => void
  /** How long one oracle answer serves every release asked, ms. Default 1 000. */
  priceCacheMs?: number
}

export interface RunningEscrowAgent {
  /** `http://host:port` */
  url: string
  /** The agent's key (x-only, hex). */
  pubkey: Hex
  agent: EscrowAgent
  handler: EscrowHandler
  /** Stops the server (the store stays open). */
  close(): Promise<void>
}

/**
 * Starts an escrow agent and serves its protocol (`createEscrowHandler`) on
 * node:http, its bodies held to 16 KiB and its requests to
 * `requestTimeoutMs`. The agent judges a release on its own view: the
 * oracle's price (none when the oracle fails or is slower than
 * `priceTimeoutMs`: no liquidation then), the height, its clock.
 *
 * @example
 * const running = await startEscrowAgent({
 *   secret, store: await sqliteEscrowStore({ path: 'escrow.db' }), oracle,
 *   height: async () => (await getInfo(client)).blockHeight, port: 8095,
 * })
 */
export async function startEscrowAgent(
  parameters: StartEscrowAgentParameters,
): Promise<RunningEscrowAgent> {
  const { oracle, onError } = parameters
  const now = parameters.now ?? Date.now
  const priceTimeoutMs = parameters.priceTimeoutMs ?? 10_000
  const price = async (): Promise<bigint | undefined> => {
    const signal = AbortSignal.timeout(priceTimeoutMs)
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('The oracle did not answer in time.')),
          priceTimeoutMs,
        )
      })
      return (await Promise.race([oracle.getPrice({ signal }), timedOut])).centsPerBtc
    } catch (error) {
      onError?.(error, 'oracle')
      return undefined
    } finally {
      clearTimeout(timer)
    }
  }
  // One oracle call serves every release asked within a second: requests
  // from strangers never multiply the agent's calls to its price sources.
  let asked: { promise: Promise<bigint | undefined>; atMs: number } | undefined
  const cachedPrice = () => {
    if (!asked || Date.now() - asked.atMs >= (parameters.priceCacheMs ?? 1_000))
      asked = { promise: price(), atMs: Date.now() }
    return asked.promise
  }
  const view = async (): Promise<AgentView> => {
    const [centsPerBtc, height] = await Promise.all([cachedPrice(), parameters.height()])
    return { ...(centsPerBtc === undefined ? {} : { centsPerBtc }), height, nowMs: now() }
  }
  const agent = createEscrowAgent({
    secret: parameters.secret,
    store: parameters.store,
    view,
    now,
  })
  const handler = createEscrowHandler({
    agent,
    ...(onError ? { onError: (error: unknown) => onError(error, 'http') } : {}),
  })
  const listening = await listenHandler(handler, parameters)
  return {
    url: listening.url,
    pubkey: agent.pubkey,
    agent,
    handler,
    close: () => listening.close(),
  }
}
