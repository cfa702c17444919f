import { describe, expect, it } from 'vitest'
import * as fx from '../testing/lndReplies.js'
import { mapPeers, toConnectPeerBody } from './peer.js'

describe('peer mapping', () => {
  it('maps a Peer: bytes counters as bigint, ping time as lnd gives it (-1: not measured yet)', () => {
    expect(mapPeers(fx.listPeers)).toEqual([
      {
        pubkey: '028e8f3fb6efea01e54979d29198cb3f1ce11e639a5a97efd5c3702e059f327266',
        address: '127.0.0.1:44491',
        inbound: false,
        bytesSent: 8701n,
        bytesReceived: 7208n,
        pingTimeMicros: -1n,
      },
    ])
  })

  it('builds a synchronous ConnectPeerRequest', () => {
    expect(toConnectPeerBody({ pubkey: '02ab', host: '127.0.0.1:9735' })).toEqual({
      addr: { pubkey: '02ab', host: '127.0.0.1:9735' },
      perm: false,
    })
  })
})
