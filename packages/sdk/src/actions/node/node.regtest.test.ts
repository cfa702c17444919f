import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, describe, expect, it } from 'vitest'
import { closeContractTargets, contractTargets } from '../../testing/contract.js'

const net = await getTestNetwork()
const targets = await contractTargets(net, ['alice', 'bob', 'carol'])
afterAll(closeContractTargets)

describe.each(targets)(
  'node, peers and messages on the regtest network over %s',
  (_kind, { alice, bob, carol }) => {
    it('tells who the node is', async () => {
      const info = await alice.getInfo()
      expect(info).toMatchObject({
        pubkey: net.node('alice').pubkey,
        alias: 'alice',
        network: 'regtest',
        syncedToChain: true,
      })
      expect(info.numActiveChannels).toBeGreaterThanOrEqual(1)
      expect(info.blockHeight).toBe(await net.height())
      expect(info.version).toMatch(/^0\.21\.3-beta/)
    })

    it('reports on-chain and channel balances together', async () => {
      const { onchain, channels } = await carol.getBalances()
      expect(onchain.confirmedSat).toBeGreaterThan(0n)
      expect(onchain.totalSat).toBe(onchain.confirmedSat + onchain.unconfirmedSat)
      expect(channels.localMsat).toBeGreaterThan(0n)
      expect(channels.remoteMsat).toBeGreaterThan(0n)
    })

    it('lists and connects peers (already connected is fine)', async () => {
      const peers = await bob.listPeers()
      expect(peers.map((p) => p.pubkey).sort()).toEqual(
        [net.node('alice').pubkey, net.node('carol').pubkey].sort(),
      )
      await bob.connectPeer({ pubkey: net.node('alice').pubkey, host: net.node('alice').p2pHost })
      await alice.connectPeer({ pubkey: net.node('carol').pubkey, host: net.node('carol').p2pHost })
      expect((await alice.listPeers()).map((p) => p.pubkey)).toContain(net.node('carol').pubkey)
    })

    it('signs with the node key and verifies the signer', async () => {
      const { signature } = await alice.signMessage({ message: 'loan terms v1' })
      expect(signature).toMatch(/^[a-z0-9]+$/)
      const verified = await carol.verifyMessage({ message: 'loan terms v1', signature })
      expect(verified).toEqual({ valid: true, pubkey: net.node('alice').pubkey })
      const tampered = await carol.verifyMessage({ message: 'loan terms v2', signature })
      expect(tampered.pubkey).not.toBe(net.node('alice').pubkey)
    })
  },
)
