import type { Backend, NodeInfo } from '@btcfi/core'

/**
 * A backend for the parts of a run that measure the client alone (the loan
 * sweep, idle heap): `getInfo` answers a fixed node at `blockHeight`; any
 * other call fails, so a measurement that reached lnd would show errors.
 */
export function offlineBackend(blockHeight: number): Backend {
  const info: NodeInfo = {
    pubkey: `02${'bb'.repeat(32)}`,
    alias: 'offline',
    color: '#000000',
    version: 'offline',
    commitHash: '',
    network: 'regtest',
    blockHeight,
    blockHash: '00'.repeat(32),
    bestHeaderTimestamp: new Date(0),
    syncedToChain: true,
    syncedToGraph: true,
    numActiveChannels: 0,
    numInactiveChannels: 0,
    numPendingChannels: 0,
    numPeers: 0,
    uris: [],
    features: {},
  }
  const known: Partial<Backend> = {
    kind: 'offline',
    target: 'offline',
    getInfo: async () => info,
  }
  return new Proxy(known, {
    get(target, property) {
      if (property in target) return target[property as keyof Backend]
      if (property === 'then') return undefined
      return () => {
        throw new Error(`offline backend: ${String(property)} is not available`)
      }
    },
  }) as Backend
}
