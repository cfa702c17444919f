import { inject } from 'vitest'
import { connectNetwork } from '../control/connectNetwork.js'
import type { Network } from '../network/types.js'

let network: Promise<Network> | undefined

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
  return network
}

export type { Network, NodeHandle } from '../network/types.js'
