import type { TestProject } from 'vitest/node'
import { readNetworkState } from '../cli/state.js'
import { connectNetwork, type NetworkAddress } from '../control/connectNetwork.js'
import { serveNetwork } from '../control/serveNetwork.js'
import { startNetwork } from '../network/startNetwork.js'
import { attachPolar } from '../polar/attachPolar.js'

declare module 'vitest' {
  export interface ProvidedContext {
    btcfiRegtest: NetworkAddress
  }
}

/**
 * Vitest global setup: one regtest network for the whole run, handed to test
 * files through `getTestNetwork()`.
 *
 * - default: starts a fresh network (btcd + alice, bob, carol, and the LNC path: a mailbox
 *   and a node side per node; `BTCFI_REGTEST_LNC=0` leaves it out) and stops it after the run;
 * - `BTCFI_REGTEST_STATE=<file>`: reuses the network of `btcfi-regtest up`;
 * - `BTCFI_REGTEST_POLAR=<network name or id>`: attaches to a running Polar network.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string) => process.stderr.write(`[regtest] ${line}\n`)
  const statePath = process.env.BTCFI_REGTEST_STATE
  if (statePath) {
    const state = await readNetworkState(statePath)
    await connectNetwork(state)
    log(`using the running network of ${statePath}`)
    project.provide('btcfiRegtest', { url: state.url, token: state.token })
    return async () => {}
  }
  const polar = process.env.BTCFI_REGTEST_POLAR
  const network = polar
    ? await attachPolar({ network: polar })
    : await startNetwork({ onProgress: log, lnc: process.env.BTCFI_REGTEST_LNC !== '0' })
  const server = await serveNetwork(network)
  project.provide('btcfiRegtest', { url: server.url, token: server.token })
  return async () => {
    await server.close()
    if (!polar) await network.stop()
  }
}
