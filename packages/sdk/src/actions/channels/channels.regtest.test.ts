import type { ChannelBackupSnapshot } from '@btcfi/core'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { rpcs } from '@btcfi/wire'
import { afterAll, describe, expect, it, onTestFinished } from 'vitest'
import { closeContractTargets, contractTargets } from '../../testing/contract.js'

const net = await getTestNetwork()
const targets = await contractTargets(net, ['alice', 'carol'])
afterAll(closeContractTargets)

describe.each(targets)(
  'channels on the regtest network over %s',
  (_kind, { alice, carol, freshBackend }) => {
    it('opens, lists, uses and closes a channel, and a backup watcher sees it come and go', async () => {
      const snapshots: ChannelBackupSnapshot[] = []
      const unwatch = carol.watchChannelBackups({ onBackup: (s) => snapshots.push(s) })
      onTestFinished(unwatch)
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
      const backedUp = (snapshot: ChannelBackupSnapshot | undefined) =>
        snapshot?.multi.channelPoints.some((p) => p.txid === point.txid) ?? false
      await expect.poll(() => backedUp(snapshots.at(-1)), { timeout: 30_000 }).toBe(true)

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
      await expect.poll(() => backedUp(snapshots.at(-1)), { timeout: 30_000 }).toBe(false)
      expect(snapshots.length).toBeGreaterThanOrEqual(3)
    })

    it('exports the channel backups, verifies them, and refuses what the node cannot read', async () => {
      const channels = await alice.listChannels()
      expect(channels.length).toBeGreaterThan(0)
      const snapshot = await alice.exportChannelBackups()
      const points = (list: { txid: string; outputIndex: number }[]) =>
        list.map((p) => `${p.txid}:${p.outputIndex}`).sort()
      expect(points(snapshot.multi.channelPoints)).toEqual(
        channels.map((c) => c.channelPoint).sort(),
      )
      expect(points(snapshot.singles.map((s) => s.channelPoint))).toEqual(
        points(snapshot.multi.channelPoints),
      )
      expect(snapshot.multi.backup).toMatch(/^([0-9a-f]{2})+$/)
      const one = snapshot.singles[0]!
      const single = await (await freshBackend('alice')).call(
        rpcs.exportChannelBackup,
        one.channelPoint,
      )
      expect(single.channelPoint).toEqual(one.channelPoint)
      expect(single.backup).toMatch(/^([0-9a-f]{2})+$/)

      const verified = await alice.verifyChannelBackup({ multi: snapshot.multi.backup })
      // LNC's wasm client has lnd v0.18's protos: the reply's chan_points (v0.19) are dropped.
      expect(points(verified)).toEqual(_kind === 'lnd' ? points(snapshot.multi.channelPoints) : [])
      await expect(alice.verifyChannelBackup({ singles: snapshot.singles })).resolves.toBeDefined()
      // carol has another seed: she cannot decrypt alice's backup.
      await expect(
        carol.verifyChannelBackup({ multi: snapshot.multi.backup }),
      ).rejects.toMatchObject({
        code: 'NODE_ERROR',
      })
      // A backup cut short is refused by lnd; a bad argument before anything is sent.
      await expect(
        alice.verifyChannelBackup({ multi: snapshot.multi.backup.slice(0, 64) }),
      ).rejects.toMatchObject({ code: 'NODE_ERROR' })
      await expect(alice.verifyChannelBackup({ multi: 'xyz' })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      })
      await expect(alice.restoreChannelBackups({ singles: [] })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      })
    })
  },
)
