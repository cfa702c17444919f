import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, describe, expect, it } from 'vitest'
import { closeContractTargets, contractTargets } from '../../testing/contract.js'

const net = await getTestNetwork()
const targets = await contractTargets(net, ['alice', 'carol'])
afterAll(closeContractTargets)

describe.each(targets)('channels on the regtest network over %s', (_kind, { alice, carol }) => {
  it('opens, lists, uses and closes a channel', async () => {
    const alicePubkey = net.node('alice').pubkey
    await carol.connectPeer({ pubkey: alicePubkey, host: net.node('alice').p2pHost })
    const point = await carol.openChannel({
      pubkey: alicePubkey,
      localFundingSat: 2_000_000n,
      pushSat: 500_000n,
    })
    expect(point.txid).toMatch(/^[0-9a-f]{64}$/)
    const channelPoint = `${point.txid}:${point.outputIndex}`
    expect((await carol.listPendingChannels()).map((c) => c.channelPoint)).toContain(channelPoint)

    await net.mine(6)
    await expect
      .poll(
        async () =>
          (await carol.listChannels()).find((c) => c.channelPoint === channelPoint)?.active,
        {
          timeout: 30_000,
        },
      )
      .toBe(true)
    const channel = (await carol.listChannels()).find((c) => c.channelPoint === channelPoint)!
    expect(channel).toMatchObject({
      capacitySat: 2_000_000n,
      remotePubkey: alicePubkey,
      initiator: true,
    })
    expect(channel.remoteBalanceSat).toBe(500_000n)

    const { closingTxid } = await carol.closeChannel({ channelPoint: point })
    expect(closingTxid).toMatch(/^[0-9a-f]{64}$/)
    // The closing transaction reaches btcd's mempool a moment after lnd reports it: mine until it is in.
    await expect
      .poll(
        async () => {
          await net.mine(1)
          return (await carol.listClosedChannels()).map((c) => c.channelPoint)
        },
        { timeout: 30_000, interval: 500 },
      )
      .toContain(channelPoint)
    expect((await alice.listChannels()).map((c) => c.channelPoint)).not.toContain(channelPoint)
  })
})
