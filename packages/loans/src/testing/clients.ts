import { lnd } from '@btcfi/lnd'
import {
  assertNothingLeft,
  type Network,
  type NodeHandle,
  releaseHeld,
} from '@btcfi/regtest/vitest'
import { createLightningClient, type LightningClient } from '@btcfi/sdk'

/** An admin client for a regtest node, reconnecting quickly after a restart. */
export function clientFor(node: NodeHandle): LightningClient {
  return createLightningClient({
    backend: lnd({ url: node.restUrl, macaroon: node.macaroons.admin, cert: node.tlsCert }),
    network: 'regtest',
    pollIntervalMs: 1_000,
    reconnect: { initialDelayMs: 100, maxDelayMs: 2_000 },
  })
}

/** alice (the borrower), bob (the desk) and carol (a merchant). */
export function clientsOf(net: Network): Record<'alice' | 'bob' | 'carol', LightningClient> {
  return {
    alice: clientFor(net.node('alice')),
    bob: clientFor(net.node('bob')),
    carol: clientFor(net.node('carol')),
  }
}

/**
 * What a node owns on its side of its channels, msat, once no HTLC is pending
 * (a held collateral lock is pending: wait for it to resolve first).
 */
export async function ownedMsat(client: LightningClient, timeoutMs = 15_000): Promise<bigint> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const balance = await client.getChannelBalance()
    if (balance.unsettledLocalMsat + balance.unsettledRemoteMsat === 0n) return balance.localMsat
    if (Date.now() > deadline) throw new Error(`an HTLC is still pending after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * Pays between `node` and its direct peer `counterparty` (no fee) until
 * `node` owns `targetMsat` on its channels: a test file leaves the shared
 * network's balances as it found them, and starts with enough to lock.
 */
export async function ensureOwned(
  node: LightningClient,
  counterparty: LightningClient,
  targetMsat: bigint,
): Promise<void> {
  const owned = await ownedMsat(node)
  if (owned === targetMsat) return
  const [payer, payee, amountMsat] =
    owned < targetMsat
      ? [counterparty, node, targetMsat - owned]
      : [node, counterparty, owned - targetMsat]
  const { paymentRequest } = await payee.createInvoice({ amountMsat, memo: 'test rebalance' })
  await payer.payInvoice({ paymentRequest, feeLimitMsat: 0n })
  await ownedMsat(node)
}

/**
 * For a test file on the shared network: `prepare()` notes what each node
 * owns and gives `borrower` at least `borrowerMsat` (two collateral locks at
 * once, whatever ran before); `restore()` releases any lock or hold invoice
 * the file left (then fails, naming it) and puts every node back as it was,
 * through `hub`, their common peer.
 */
export function keepBalances(
  hub: LightningClient,
  nodes: { borrower: LightningClient; others?: LightningClient[] },
  borrowerMsat = 3_500_000_000n,
) {
  const all = [nodes.borrower, ...(nodes.others ?? [])]
  let start: bigint[] | undefined
  return {
    async prepare() {
      start = await Promise.all(all.map((node) => ownedMsat(node)))
      if (start[0]! < borrowerMsat) await ensureOwned(nodes.borrower, hub, borrowerMsat)
    },
    async restore() {
      // A test that failed mid-loan leaves its lock held: release it first.
      const held = await releaseHeld()
      if (start) for (const [i, node] of all.entries()) await ensureOwned(node, hub, start[i]!)
      assertNothingLeft(held)
    },
  }
}
