import type { LightningClient } from '@btcfi/sdk'

/** What a node owns on its side of its channels, msat, once no HTLC is pending. */
export async function ownedMsat(client: LightningClient, timeoutMs = 20_000): Promise<bigint> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const balance = await client.getChannelBalance()
    if (balance.unsettledLocalMsat + balance.unsettledRemoteMsat === 0n) return balance.localMsat
    if (Date.now() > deadline) throw new Error(`an HTLC is still pending after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * Pays between `node` and its direct peer `counterparty` (no fee) until
 * `node` owns `targetMsat`: a test leaves the shared network as it found it.
 */
export async function restoreOwned(
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
