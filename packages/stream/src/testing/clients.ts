import { lnd } from '@btcfi/lnd'
import type { Network } from '@btcfi/regtest/vitest'
import { createLightningClient, type LightningClient } from '@btcfi/sdk'

/** Admin clients for the regtest nodes. */
export function clientsOf(net: Network): Record<'alice' | 'bob' | 'carol', LightningClient> {
  const client = (name: string) => {
    const node = net.node(name)
    return createLightningClient({
      backend: lnd({ url: node.restUrl, macaroon: node.macaroons.admin, cert: node.tlsCert }),
      network: 'regtest',
      pollIntervalMs: 1_000,
      reconnect: { initialDelayMs: 100, maxDelayMs: 1_000 },
    })
  }
  return { alice: client('alice'), bob: client('bob'), carol: client('carol') }
}
