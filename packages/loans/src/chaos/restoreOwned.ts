import type { LightningClient } from '@btcfi/sdk'
import { ensureOwned, ownedMsat } from '../testing/clients.js'

/** lnd's smallest HTLC: a smaller difference cannot be paid on its own. */
const MIN_HTLC_MSAT = 1_000n

/**
 * `ensureOwned`, also for a difference below lnd's smallest HTLC (a few msat
 * of interest): the node first pays its peer a little more, then is paid back
 * to the msat.
 */
export async function restoreOwned(
  node: LightningClient,
  hub: LightningClient,
  targetMsat: bigint,
): Promise<void> {
  const owned = await ownedMsat(node)
  const diff = owned > targetMsat ? owned - targetMsat : targetMsat - owned
  if (diff > 0n && diff < MIN_HTLC_MSAT) await ensureOwned(node, hub, owned - 10n * MIN_HTLC_MSAT)
  await ensureOwned(node, hub, targetMsat)
}
