import { inject } from 'vitest'
import { connectNetwork } from '../control/connectNetwork.js'
import { clearLeftovers, type Leftover, markNetwork } from '../leftovers/networkLeftovers.js'
import type { Network } from '../network/types.js'

let network: Promise<Network> | undefined
let mark: ReturnType<typeof markNetwork> | undefined

/**
 * The regtest network of this test run (started by `@btcfi/regtest/vitest-setup`).
 * Tests that stop, kill or restart a node must start it again before they end:
 * every test file shares this network.
 *
 * @example
 * const net = await getTestNetwork()
 * const { alice, carol } = net.nodes
 * await net.mine(6)
 */
export function getTestNetwork(): Promise<Network> {
  network ??= connectNetwork(inject('btcfiRegtest'))
  // What this test file creates from now on is its own to clean up.
  mark ??= network.then(markNetwork)
  return network
}

/**
 * Undoes what this test file left held on the network, whether its tests
 * passed or not: starts a node left stopped, cancels the hold invoices it
 * created that are still open or accepted, and waits until no HTLC is
 * pending. Returns what it found. Fixtures call it before they restore
 * balances; `@btcfi/regtest/vitest-isolation` calls it after every file and
 * fails the file that needed it.
 *
 * @example
 * afterAll(async () => {
 *   await releaseHeld()
 *   await restoreBalances()
 * })
 */
export async function releaseHeld(): Promise<Leftover[]> {
  const net = await getTestNetwork()
  return clearLeftovers(net, await mark!)
}

/** Throws an error naming each leftover, if there is any (after a fixture has restored what it could). */
export function assertNothingLeft(leftovers: readonly Leftover[]): void {
  if (leftovers.length === 0) return
  throw new Error(
    `left behind, now cleaned up:\n  ${leftovers.map((l) => `${l.node}: ${l.detail}`).join('\n  ')}`,
  )
}

export {
  type ApertureServer,
  type StartApertureOptions,
  startAperture,
} from '../aperture/startAperture.js'
export type { Leftover } from '../leftovers/networkLeftovers.js'
export {
  type SeededNode,
  type StartSeededNodeOptions,
  startSeededNode,
} from '../network/startSeededNode.js'
export type { Network, NodeHandle } from '../network/types.js'
export { getTestPostgresUrl } from './getTestPostgresUrl.js'
