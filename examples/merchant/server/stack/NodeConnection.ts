import { lnd } from '@btcfi/lnd'
import { createLightningClient, type LightningClient } from '@btcfi/sdk'

/** How to reach an lnd node over REST: the URL, an admin macaroon (hex) and its TLS certificate (PEM). */
export interface NodeConnection {
  restUrl: string
  macaroon: string
  tlsCert: string
}

export function clientOf(node: NodeConnection): LightningClient {
  return createLightningClient({
    backend: lnd({ url: node.restUrl, macaroon: node.macaroon, cert: node.tlsCert }),
    pollIntervalMs: 1_000,
    reconnect: { initialDelayMs: 100, maxDelayMs: 2_000 },
  })
}
