/** A lowercase hex string (hashes, pubkeys, preimages, txids). */
export type Hex = string

/** The chain a node runs on, as lnd names it. */
export type Network = 'mainnet' | 'testnet' | 'testnet4' | 'signet' | 'regtest' | 'simnet'

/** What `getInfo` returns: who the node is and how synced it is. */
export interface NodeInfo {
  pubkey: Hex
  alias: string
  color: string
  version: string
  commitHash: string
  network: Network
  blockHeight: number
  blockHash: Hex
  bestHeaderTimestamp: Date
  syncedToChain: boolean
  syncedToGraph: boolean
  numActiveChannels: number
  numInactiveChannels: number
  numPendingChannels: number
  numPeers: number
  uris: string[]
  /** Feature bits the node advertises, by bit number. */
  features: Record<number, { name: string; isRequired: boolean; isKnown: boolean }>
}

/** On-chain wallet balance in sat. */
export interface OnchainBalance {
  totalSat: bigint
  confirmedSat: bigint
  unconfirmedSat: bigint
  lockedSat: bigint
}

/** Channel balances in msat, summed over all channels. */
export interface ChannelBalance {
  localMsat: bigint
  remoteMsat: bigint
  unsettledLocalMsat: bigint
  unsettledRemoteMsat: bigint
  pendingOpenLocalMsat: bigint
  pendingOpenRemoteMsat: bigint
}

/** A connected peer. */
export interface Peer {
  pubkey: Hex
  address: string
  inbound: boolean
  bytesSent: bigint
  bytesReceived: bigint
  pingTimeMicros: bigint
}

/** The result of a message signature with the node key (lnd's zbase32 format). */
export interface SignedMessage {
  signature: string
}

export interface VerifiedMessage {
  valid: boolean
  /** The pubkey recovered from the signature. */
  pubkey: Hex
}
