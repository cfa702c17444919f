import type { LightningClient } from '../client/lightningActions.js'

/**
 * What a node owns in its channels, in msat, once no HTLC is pending: its
 * local balance plus the commitment fees it pays as the channels' initiator
 * (fee updates move msat between the two; only payments change the sum).
 * A payment resolves when the preimage arrives, a moment before the HTLC
 * leaves the commitment: this waits for that.
 */
export async function ownedMsat(client: LightningClient): Promise<bigint> {
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
        .reduce((sum, c) => sum + c.commitFeeSat * 1000n, 0n)
      return balance.localMsat + fees
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
