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
  commitFeeSat: bigint
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
