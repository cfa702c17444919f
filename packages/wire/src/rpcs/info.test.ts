import { describe, expect, it } from 'vitest'
import * as fx from '../testing/lndReplies.js'
import { mapNodeInfo, mapSignedMessage, mapVerifiedMessage } from './info.js'

describe('info mapping', () => {
  it('maps GetInfoResponse field by field', () => {
    const info = mapNodeInfo(fx.getInfo)
    expect(info).toMatchObject({
      pubkey: '03f569b388a3c444fd8472b82fab046568e8808d115659218912175d615b2b66b3',
      alias: 'alice',
      color: '#3399ff',
      version: '0.21.3-beta commit=',
      commitHash: '',
      network: 'regtest',
      blockHash: fx.getInfo.block_hash,
      syncedToChain: true,
      syncedToGraph: true,
      numPendingChannels: 0,
      numActiveChannels: 1,
      numInactiveChannels: 0,
      numPeers: 2,
      uris: [],
    })
    expect(info.blockHeight).toBe(fx.getInfo.block_height)
    expect(info.bestHeaderTimestamp).toEqual(
      new Date(Number(fx.getInfo.best_header_timestamp) * 1000),
    )
    expect(info.features[0]).toEqual({ name: 'data-loss-protect', isRequired: true, isKnown: true })
    expect(info.features[55]).toEqual({ name: 'keysend', isRequired: false, isKnown: true })
    expect(Object.keys(info.features)).toHaveLength(Object.keys(fx.getInfo.features).length)
  })

  it('maps sign and verify replies', () => {
    expect(mapSignedMessage(fx.signMessage)).toEqual({ signature: fx.signMessage.signature })
    expect(mapVerifiedMessage(fx.verifyMessage)).toEqual({
      valid: true,
      pubkey: '03f569b388a3c444fd8472b82fab046568e8808d115659218912175d615b2b66b3',
    })
  })
})
