import { describe, expect, it } from 'vitest'
import { toHttpRequest } from '../http/httpRequest.js'
import * as fx from '../testing/lndReplies.js'
import {
  mapChannelBalance,
  mapChannelPoint,
  mapChannels,
  mapClosedChannels,
  mapCloseStatusUpdate,
  mapPendingChannels,
  toCloseChannelRequest,
  toOpenChannelBody,
} from './channel.js'
import * as rpcs from './index.js'

const bob = '028e8f3fb6efea01e54979d29198cb3f1ce11e639a5a97efd5c3702e059f327266'
const carol = '0324bce54c1b527644839af50fe922707fd1af8a56d17cae0332263e9828c83860'
const fundingTxid = '2568581b2017c9f03933e792423f5df7896cbc75042c07ff2b583f825186bf20'
const closingTxid = 'ef09acd3c56da6508e27a8473077777b8f4a80e9ab1f0b14c9031b66a81b6c2a'

describe('channel mapping', () => {
  it('maps a Channel field by field (reserve and CSV from the constraints)', () => {
    expect(mapChannels(fx.listChannels)).toEqual([
      {
        chanId: '553054348836864',
        channelPoint: '8dd3c82e57380719af7b9f751891b9ff83c30e6de3dc655b072541fe0ae1ef8e:0',
        remotePubkey: bob,
        active: true,
        isPrivate: false,
        initiator: true,
        capacitySat: 10_000_000n,
        localBalanceSat: 4_997_725n,
        remoteBalanceSat: 5_001_052n,
        commitFeeSat: 563n,
        feePerKw: 500n,
        commitWeight: 1116n,
        localReserveSat: 100_000n,
        remoteReserveSat: 100_000n,
        unsettledBalanceSat: 0n,
        totalSentSat: 1052n,
        totalReceivedSat: 0n,
        pendingHtlcs: [],
        csvDelay: 1201,
      },
    ])
  })

  it('maps pending HTLCs: amount in sat, hash lock hex', () => {
    const [channel] = mapChannels({
      channels: [
        {
          ...fx.listChannels.channels[0]!,
          pending_htlcs: [
            {
              incoming: true,
              amount: '50',
              hash_lock: 'THEMGWbbgT5twCtcwaCpm4gzb7bqRsvjqHOhcFs1aSk=',
              expiration_height: 551,
            },
          ],
        },
      ],
    })
    expect(channel?.pendingHtlcs).toEqual([
      {
        incoming: true,
        amountSat: 50n,
        hashLock: '4c710c1966db813e6dc02b5cc1a0a99b88336fb6ea46cbe3a873a1705b356929',
        expirationHeight: 551,
      },
    ])
  })

  it('maps pending channels of each kind', () => {
    expect(mapPendingChannels(fx.pendingOpen)).toEqual([
      {
        channelPoint: `${fundingTxid}:0`,
        remotePubkey: carol,
        capacitySat: 1_000_000n,
        localBalanceSat: 988_781n,
        remoteBalanceSat: 10_000n,
        kind: 'opening',
      },
    ])
    expect(mapPendingChannels(fx.pendingClose).map((channel) => channel.kind)).toEqual([
      'waiting_close',
    ])
  })

  it('maps closed channels', () => {
    expect(mapClosedChannels(fx.closedChannels)).toEqual([
      {
        chanId: '560750930231296',
        channelPoint: `${fundingTxid}:0`,
        remotePubkey: carol,
        capacitySat: 1_000_000n,
        settledBalanceSat: 989_578n,
        closingTxid,
        closeHeight: 513,
        closeType: 'COOPERATIVE_CLOSE',
      },
    ])
  })

  it('maps the channel balance in msat', () => {
    expect(mapChannelBalance(fx.channelBalance)).toEqual({
      localMsat: 4_997_725_499n,
      remoteMsat: 5_001_052_501n,
      unsettledLocalMsat: 0n,
      unsettledRemoteMsat: 0n,
      pendingOpenLocalMsat: 0n,
      pendingOpenRemoteMsat: 0n,
    })
  })

  it('turns funding_txid_bytes (internal byte order) into the display txid', () => {
    expect(mapChannelPoint(fx.openChannel)).toEqual({ txid: fundingTxid, outputIndex: 0 })
    expect(
      mapChannelPoint({ funding_txid_str: fundingTxid.toUpperCase(), output_index: 1 }),
    ).toEqual({
      txid: fundingTxid,
      outputIndex: 1,
    })
  })

  it('maps close updates to the display closing txid, skipping close_instant', () => {
    expect(fx.closeUpdates.map(mapCloseStatusUpdate)).toEqual([
      { type: 'pending', closingTxid },
      { type: 'closed', closingTxid },
    ])
    expect(mapCloseStatusUpdate({ close_instant: { num_pending_htlcs: 0 } })).toBeUndefined()
  })

  it('builds open and close requests', () => {
    expect(
      toOpenChannelBody({
        pubkey: carol,
        localFundingSat: 1_000_000n,
        pushSat: 10_000n,
        isPrivate: true,
        satPerVbyte: 2n,
        minConfs: 0,
      }),
    ).toEqual({
      node_pubkey: 'AyS85UwbUnZEg5r1D+kicH/Rr4pW0XyuAzImPpgoyDhg',
      local_funding_amount: '1000000',
      push_sat: '10000',
      private: true,
      sat_per_vbyte: '2',
      min_confs: 0,
      spend_unconfirmed: true,
    })
    const close = (request: Parameters<typeof toCloseChannelRequest>[0]) =>
      toHttpRequest(rpcs.closeChannel.http, toCloseChannelRequest(request)).path
    expect(close({ channelPoint: { txid: fundingTxid, outputIndex: 0 }, force: true })).toBe(
      `v1/channels/${fundingTxid}/0?force=true`,
    )
    expect(close({ channelPoint: { txid: fundingTxid, outputIndex: 1 }, satPerVbyte: 3n })).toBe(
      `v1/channels/${fundingTxid}/1?sat_per_vbyte=3`,
    )
  })
})
