import { assertPubkey, type Hex, type Peer, type UnaryRpc } from '@btcfi/core'
import { noReply, toBigInt, type WireInt64 } from './wire.js'

/** lnrpc.Peer (`GET /v1/peers`). */
export interface LndPeer {
  pub_key: string
  address: string
  bytes_sent: WireInt64
  bytes_recv: WireInt64
  inbound: boolean
  /** Microseconds. */
  ping_time: WireInt64
}

/** Body of `POST /v1/peers` (lnrpc.ConnectPeerRequest). */
export interface LndConnectPeerBody {
  addr: { pubkey: string; host: string }
  perm: boolean
}

export function toConnectPeerBody(request: { pubkey: Hex; host: string }): LndConnectPeerBody {
  // perm: false makes the call synchronous: it returns once connected (or failed).
  return { addr: { pubkey: request.pubkey, host: request.host }, perm: false }
}

export function mapPeer(wire: LndPeer): Peer {
  return {
    pubkey: wire.pub_key,
    address: wire.address,
    inbound: wire.inbound,
    bytesSent: toBigInt(wire.bytes_sent),
    bytesReceived: toBigInt(wire.bytes_recv),
    pingTimeMicros: toBigInt(wire.ping_time),
  }
}

export function mapPeers(wire: { peers: LndPeer[] }): Peer[] {
  return (wire.peers ?? []).map(mapPeer)
}

// lnd's RPCs of this domain: each entry is what `Backend.call` (or `stream`) needs.

/** Connects to a peer; resolves too when it is already connected. */
export const connectPeer: UnaryRpc<{ pubkey: Hex; host: string }, void, 'INVALID_ARGUMENT'> = {
  grpc: 'lnrpc.Lightning.ConnectPeer',
  http: 'POST v1/peers',
  message: (request) => {
    assertPubkey(request.pubkey, 'pubkey')
    return toConnectPeerBody(request)
  },
  map: noReply,
  // lnd: "already connected to peer: <pubkey>@<host>": the goal is met.
  metBy: 'ALREADY_EXISTS',
}

/** The connected peers. */
export const listPeers: UnaryRpc<undefined, Peer[]> = {
  grpc: 'lnrpc.Lightning.ListPeers',
  http: 'GET v1/peers',
  map: mapPeers,
}
