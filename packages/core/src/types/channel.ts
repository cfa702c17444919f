import type { Hex } from './node.js'

export interface Channel {
  chanId: string
  /** `txid:index` of the funding output. */
  channelPoint: string
  remotePubkey: Hex
  active: boolean
  isPrivate: boolean
  initiator: boolean
  capacitySat: bigint
  localBalanceSat: bigint
  remoteBalanceSat: bigint
  /**
   * What the initiator's commitment leaves out of the two balances, as lnd
   * reports it: the fee, plus the msat of each balance cut to whole sat (so it
   * moves by a sat as payments move msat).
   */
  commitFeeSat: bigint
  /** The commitment's fee rate, in sat per 1000 weight units. */
  feePerKw: bigint
  /** The commitment transaction's weight (without HTLCs in flight). */
  commitWeight: bigint
  localReserveSat: bigint
  remoteReserveSat: bigint
  unsettledBalanceSat: bigint
  totalSentSat: bigint
  totalReceivedSat: bigint
  /** HTLCs pending on the channel (each held lock takes one of 483 slots). */
  pendingHtlcs: PendingHtlc[]
  csvDelay: number
}

export interface PendingHtlc {
  incoming: boolean
  amountSat: bigint
  hashLock: Hex
  expirationHeight: number
}

export interface PendingChannel {
  channelPoint: string
  remotePubkey: Hex
  capacitySat: bigint
  localBalanceSat: bigint
  remoteBalanceSat: bigint
  kind: 'opening' | 'closing' | 'force_closing' | 'waiting_close'
}

export interface ClosedChannel {
  chanId: string
  channelPoint: string
  remotePubkey: Hex
  capacitySat: bigint
  settledBalanceSat: bigint
  closingTxid: Hex
  closeHeight: number
  closeType: string
}

export interface OpenChannelRequest {
  pubkey: Hex
  localFundingSat: bigint
  pushSat?: bigint
  isPrivate?: boolean
  satPerVbyte?: bigint
  minConfs?: number
}

export interface ChannelPoint {
  txid: Hex
  outputIndex: number
}

export interface CloseChannelRequest {
  channelPoint: ChannelPoint
  force?: boolean
  satPerVbyte?: bigint
}

/** Updates of a channel close, as lnd streams them. */
export type CloseChannelUpdate =
  | { type: 'pending'; closingTxid: Hex }
  | { type: 'closed'; closingTxid: Hex }

/** One channel's static channel backup (SCB), encrypted by the node with its seed. */
export interface ChannelBackup {
  channelPoint: ChannelPoint
  /** The encrypted backup, as hex. */
  backup: Hex
}

/**
 * The node's static channel backups: one blob for all its open channels (what
 * `channel.backup` holds), and one backup per channel. Either restores the
 * channels' funds on a node with the same seed, by asking each peer to close.
 */
export interface ChannelBackupSnapshot {
  /** All open channels in one encrypted blob: the thing to store. */
  multi: { channelPoints: ChannelPoint[]; backup: Hex }
  /** The same channels, one backup each. */
  singles: ChannelBackup[]
}

/** A backup to verify or restore: the multi-channel blob, or single ones. */
export type ChannelBackupInput = { multi: Hex } | { singles: ChannelBackup[] }
