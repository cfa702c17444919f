import type { LightningClient } from '../client/lightningActions.js'

/**
 * What a node owns in its channels, in msat, once no HTLC is pending: its
 * local balance plus the commitment fees it pays as the channels' initiator
 * (fee updates move msat between the two; only payments change the sum).
 * The fee is lnd's rate times the commitment's weight, not `commitFeeSat`:
 * that one also holds the msat both balances lose when cut to whole sat, and
 * moves by a sat when a payment makes those msat add up to one.
 * A payment resolves when the preimage arrives, a moment before the HTLC
 * leaves the commitment: this waits for that.
 */
export async function ownedMsat(client: LightningClient): Promise<bigint> {
  // A commitment fee update (lnd sends one when its fee estimate moves, often
  // just after a network starts) shifts a sat between the two terms for a
  // moment: read until two readings agree.
  const deadline = Date.now() + 10_000
  let last = await readOwnedMsat(client)
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    const next = await readOwnedMsat(client)
    if (next === last || Date.now() > deadline) return next
    last = next
  }
}

async function readOwnedMsat(client: LightningClient): Promise<bigint> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const [balance, channels] = await Promise.all([
      client.getChannelBalance(),
      client.listChannels(),
    ])
    const pending = balance.unsettledLocalMsat + balance.unsettledRemoteMsat > 0n
    if (!pending || Date.now() > deadline) {
      const fees = channels
        .filter((c) => c.initiator)
        .reduce((sum, c) => sum + ((c.feePerKw * c.commitWeight) / 1000n) * 1000n, 0n)
      return balance.localMsat + fees
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
