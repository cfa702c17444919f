import type { Network, NodeInfo, SignedMessage, UnaryRpc, VerifiedMessage } from '@btcfi/core'
import { bytesToBase64 } from '@btcfi/core'
import { secondsToDate, toNumber, type WireBytes, type WireInt64 } from './wire.js'

/** `GET /v1/getinfo` (lnrpc.GetInfoResponse), as lnd's REST proxy sends it. */
export interface LndGetInfoResponse {
  version: string
  commit_hash: string
  identity_pubkey: string
  alias: string
  color: string
  num_pending_channels: number
  num_active_channels: number
  num_inactive_channels: number
  num_peers: number
  block_height: number
  block_hash: string
  best_header_timestamp: WireInt64
  synced_to_chain: boolean
  synced_to_graph: boolean
  chains: { chain: string; network: string }[]
  uris: string[]
  features: Record<string, LndFeature>
}

export interface LndFeature {
  name: string
  is_required: boolean
  is_known: boolean
}

export function mapNodeInfo(wire: LndGetInfoResponse): NodeInfo {
  const network = wire.chains?.[0]?.network ?? ''
  return {
    pubkey: wire.identity_pubkey,
    alias: wire.alias,
    color: wire.color,
    version: wire.version,
    commitHash: wire.commit_hash,
    // lnd names its networks as the type does (`chains` has one entry).
    network: network as Network,
    blockHeight: toNumber(wire.block_height),
    blockHash: wire.block_hash,
    bestHeaderTimestamp: secondsToDate(wire.best_header_timestamp),
    syncedToChain: wire.synced_to_chain,
    syncedToGraph: wire.synced_to_graph,
    numActiveChannels: toNumber(wire.num_active_channels),
    numInactiveChannels: toNumber(wire.num_inactive_channels),
    numPendingChannels: toNumber(wire.num_pending_channels),
    numPeers: toNumber(wire.num_peers),
    uris: wire.uris ?? [],
    features: mapFeatures(wire.features),
  }
}

export function mapFeatures(
  wire: Record<string, LndFeature> | undefined,
): Record<number, { name: string; isRequired: boolean; isKnown: boolean }> {
  const out: Record<number, { name: string; isRequired: boolean; isKnown: boolean }> = {}
  if (!wire) return out
  for (const bit in wire) {
    const feature = wire[bit]
    if (feature)
      out[Number(bit)] = {
        name: feature.name,
        isRequired: feature.is_required,
        isKnown: feature.is_known,
      }
  }
  return out
}

/** `POST /v1/signmessage` body (lnrpc.SignMessageRequest). */
export interface LndSignMessageRequest {
  msg: WireBytes
}

/** `POST /v1/verifymessage` body (lnrpc.VerifyMessageRequest). */
export interface LndVerifyMessageRequest {
  msg: WireBytes
  signature: string
}

export function toSignMessageBody(message: Uint8Array): LndSignMessageRequest {
  return { msg: bytesToBase64(message) }
}

export function toVerifyMessageBody(
  message: Uint8Array,
  signature: string,
): LndVerifyMessageRequest {
  return { msg: bytesToBase64(message), signature }
}

/** `POST /v1/signmessage` reply. */
export interface LndSignMessageResponse {
  signature: string
}

/** `POST /v1/verifymessage` reply. */
export interface LndVerifyMessageResponse {
  valid: boolean
  pubkey: string
}

export function mapSignedMessage(wire: LndSignMessageResponse): SignedMessage {
  return { signature: wire.signature }
}

export function mapVerifiedMessage(wire: LndVerifyMessageResponse): VerifiedMessage {
  return { valid: wire.valid, pubkey: wire.pubkey }
}

// lnd's RPCs of this domain: each entry is what `Backend.call` (or `stream`) needs.

/** The node's identity, chain and sync state. */
export const getInfo: UnaryRpc<undefined, NodeInfo> = {
  grpc: 'lnrpc.Lightning.GetInfo',
  http: 'GET v1/getinfo',
  map: mapNodeInfo,
}

/** Signs a message with the node's key. */
export const signMessage: UnaryRpc<Uint8Array, SignedMessage> = {
  grpc: 'lnrpc.Lightning.SignMessage',
  http: 'POST v1/signmessage',
  message: toSignMessageBody,
  map: mapSignedMessage,
}

/** Checks a signed message and names its signer. */
export const verifyMessage: UnaryRpc<{ message: Uint8Array; signature: string }, VerifiedMessage> =
  {
    grpc: 'lnrpc.Lightning.VerifyMessage',
    http: 'POST v1/verifymessage',
    message: ({ message, signature }) => toVerifyMessageBody(message, signature),
    map: mapVerifiedMessage,
  }
