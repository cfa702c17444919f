import { lnd } from '@btcfi/lnd'
import type { Network, NodeHandle } from '@btcfi/regtest/vitest'
import { createLightningClient, type LightningClient } from '../client/lightningActions.js'

/** A client for a regtest node, with the macaroon of your choice. */
export function clientFor(
  node: NodeHandle,
  macaroon: keyof NodeHandle['macaroons'] = 'admin',
  options: { pollIntervalMs?: number } = {},
): LightningClient {
  return createLightningClient({
    backend: lnd({ url: node.restUrl, macaroon: node.macaroons[macaroon], cert: node.tlsCert }),
    network: 'regtest',
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
  })
}

/** Admin clients for alice, bob and carol. */
export function clientsOf(net: Network): Record<'alice' | 'bob' | 'carol', LightningClient> {
  return {
    alice: clientFor(net.node('alice')),
    bob: clientFor(net.node('bob')),
    carol: clientFor(net.node('carol')),
  }
}
