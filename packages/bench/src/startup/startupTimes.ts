import {
  type Binaries,
  ensureBinaries,
  ensureLncBinaries,
  type Network,
  startNetwork,
} from '@btcfi/regtest'

export interface ColdStart {
  network: Network
  /** ensureBinaries: the cached lnd and btcd found (none built). */
  binariesMs: number
  /** startNetwork in a fresh directory: btcd, 3 lnd wallets created, 501 blocks, funding, 2 channels opened and usable. */
  coldMs: number
  binaries: Binaries
  /** ensureLncBinaries (the cached mailbox, node side and wasm client found), when the LNC path runs. */
  lncBinariesMs: number | undefined
}

/** Cold start of the 3-node network the benchmark then runs on (with its LNC path when `lnc`). */
export async function coldStart(log: (line: string) => void, lnc: boolean): Promise<ColdStart> {
  const binariesStarted = performance.now()
  const binaries = await ensureBinaries({ onProgress: log })
  const binariesMs = performance.now() - binariesStarted
  const lncStarted = performance.now()
  const lncBinaries = lnc ? await ensureLncBinaries({ onProgress: log }) : undefined
  const lncBinariesMs = lnc ? performance.now() - lncStarted : undefined
  const started = performance.now()
  const network = await startNetwork({
    binaries,
    ...(lncBinaries ? { lnc: true, lncBinaries } : {}),
    onProgress: log,
  })
  return { network, binariesMs, coldMs: performance.now() - started, binaries, lncBinariesMs }
}

/** A further cold start (fresh directory), stopped at once; its time in ms. */
export async function coldStartAgain(binaries: Binaries): Promise<number> {
  const started = performance.now()
  const network = await startNetwork({ binaries })
  const ms = performance.now() - started
  await network.stop()
  return ms
}

/**
 * Warm start: the network's lnd nodes stopped (SIGTERM), then started again on
 * their data (wallets, chain, channels) until each is synced with its
 * channels active; the time of that start, in ms.
 */
export async function warmStart(network: Network): Promise<number> {
  const names = Object.keys(network.nodes)
  await Promise.all(names.map((name) => network.stopNode(name)))
  const started = performance.now()
  await Promise.all(names.map((name) => network.startNode(name)))
  return performance.now() - started
}
