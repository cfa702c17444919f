import {
  assertHash,
  assertHex,
  assertInteger,
  assertObject,
  assertPubkey,
  type Channel,
  type ChannelBackup,
  type ChannelBackupInput,
  type ChannelBackupSnapshot,
  type ChannelBalance,
  type ChannelPoint,
  type CloseChannelRequest,
  type CloseChannelUpdate,
  type ClosedChannel,
  InvalidArgumentError,
  type OpenChannelRequest,
  type PendingChannel,
  type PendingHtlc,
  type StreamRpc,
  type UnaryRpc,
} from '@btcfi/core'
import {
  bytesField,
  endless,
  reverseHex,
  toBigInt,
  toHex,
  toNumber,
  type WireBytes,
  type WireInt64,
} from './wire.js'

/** lnrpc.Channel (`GET /v1/channels`). */
export interface LndChannel {
  active: boolean
  remote_pubkey: string
  channel_point: string
  chan_id: WireInt64
  capacity: WireInt64
  local_balance: WireInt64
  remote_balance: WireInt64
  commit_fee: WireInt64
  commit_weight: WireInt64
  fee_per_kw: WireInt64
  unsettled_balance: WireInt64
  total_satoshis_sent: WireInt64
  total_satoshis_received: WireInt64
  pending_htlcs: LndHtlc[]
  /** Deprecated in favour of `local_constraints.csv_delay`. */
  csv_delay: number
  private: boolean
  initiator: boolean
  /** Deprecated in favour of `local_constraints.chan_reserve_sat`. */
  local_chan_reserve_sat: WireInt64
  remote_chan_reserve_sat: WireInt64
  local_constraints: LndChannelConstraints | null
  remote_constraints: LndChannelConstraints | null
}

export interface LndChannelConstraints {
  csv_delay: number
  chan_reserve_sat: WireInt64
}

/** lnrpc.HTLC. */
export interface LndHtlc {
  incoming: boolean
  amount: WireInt64
  hash_lock: WireBytes
  expiration_height: number
}

/** `GET /v1/channels/pending` (lnrpc.PendingChannelsResponse). */
export interface LndPendingChannelsResponse {
  pending_open_channels: { channel: LndPendingChannel | null }[]
  /** Deprecated, always empty on current lnd. */
  pending_closing_channels?: { channel: LndPendingChannel | null }[]
  pending_force_closing_channels: { channel: LndPendingChannel | null }[]
  waiting_close_channels: { channel: LndPendingChannel | null }[]
}

export interface LndPendingChannel {
  remote_node_pub: string
  channel_point: string
  capacity: WireInt64
  local_balance: WireInt64
  remote_balance: WireInt64
}

/** lnrpc.ChannelCloseSummary (`GET /v1/channels/closed`). */
export interface LndChannelCloseSummary {
  channel_point: string
  chan_id: WireInt64
  closing_tx_hash: string
  remote_pubkey: string
  capacity: WireInt64
  close_height: number
  settled_balance: WireInt64
  close_type: string
}

/** `GET /v1/balance/channels` (lnrpc.ChannelBalanceResponse). */
export interface LndChannelBalanceResponse {
  local_balance: LndAmount | null
  remote_balance: LndAmount | null
  unsettled_local_balance: LndAmount | null
  unsettled_remote_balance: LndAmount | null
  pending_open_local_balance: LndAmount | null
  pending_open_remote_balance: LndAmount | null
}

export interface LndAmount {
  sat: WireInt64
  msat: WireInt64
}

/** lnrpc.ChannelPoint, the reply of `POST /v1/channels`. */
export interface LndChannelPoint {
  funding_txid_bytes?: WireBytes
  funding_txid_str?: string
  output_index: number
}

/** Body of `POST /v1/channels` (lnrpc.OpenChannelRequest). */
export interface LndOpenChannelBody {
  node_pubkey: WireBytes
  local_funding_amount: WireInt64
  push_sat?: WireInt64
  private?: boolean
  sat_per_vbyte?: WireInt64
  min_confs?: number
  spend_unconfirmed?: boolean
}

/** One line of the close stream (lnrpc.CloseStatusUpdate). */
export interface LndCloseStatusUpdate {
  close_pending?: { txid: WireBytes; output_index: number } | null
  chan_close?: { closing_txid: WireBytes; success: boolean } | null
  close_instant?: { num_pending_htlcs: number } | null
}

function pendingHtlc(wire: LndHtlc): PendingHtlc {
  return {
    incoming: wire.incoming,
    amountSat: toBigInt(wire.amount),
    hashLock: toHex(wire.hash_lock),
    expirationHeight: toNumber(wire.expiration_height),
  }
}

export function mapChannel(wire: LndChannel): Channel {
  const local = wire.local_constraints
  const remote = wire.remote_constraints
  return {
    chanId: String(wire.chan_id),
    channelPoint: wire.channel_point,
    remotePubkey: wire.remote_pubkey,
    active: wire.active,
    isPrivate: wire.private,
    initiator: wire.initiator,
    capacitySat: toBigInt(wire.capacity),
    localBalanceSat: toBigInt(wire.local_balance),
    remoteBalanceSat: toBigInt(wire.remote_balance),
    commitFeeSat: toBigInt(wire.commit_fee),
    feePerKw: toBigInt(wire.fee_per_kw),
    commitWeight: toBigInt(wire.commit_weight),
    localReserveSat: toBigInt(local ? local.chan_reserve_sat : wire.local_chan_reserve_sat),
    remoteReserveSat: toBigInt(remote ? remote.chan_reserve_sat : wire.remote_chan_reserve_sat),
    unsettledBalanceSat: toBigInt(wire.unsettled_balance),
    totalSentSat: toBigInt(wire.total_satoshis_sent),
    totalReceivedSat: toBigInt(wire.total_satoshis_received),
    pendingHtlcs: (wire.pending_htlcs ?? []).map(pendingHtlc),
    csvDelay: toNumber(local ? local.csv_delay : wire.csv_delay),
  }
}

export function mapChannels(wire: { channels: LndChannel[] }): Channel[] {
  return (wire.channels ?? []).map(mapChannel)
}

function pending(
  entries: { channel: LndPendingChannel | null }[] | undefined,
  kind: PendingChannel['kind'],
  out: PendingChannel[],
): void {
  for (const entry of entries ?? []) {
    const channel = entry.channel
    if (!channel) continue
    out.push({
      channelPoint: channel.channel_point,
      remotePubkey: channel.remote_node_pub,
      capacitySat: toBigInt(channel.capacity),
      localBalanceSat: toBigInt(channel.local_balance),
      remoteBalanceSat: toBigInt(channel.remote_balance),
      kind,
    })
  }
}

export function mapPendingChannels(wire: LndPendingChannelsResponse): PendingChannel[] {
  const out: PendingChannel[] = []
  pending(wire.pending_open_channels, 'opening', out)
  pending(wire.pending_closing_channels, 'closing', out)
  pending(wire.pending_force_closing_channels, 'force_closing', out)
  pending(wire.waiting_close_channels, 'waiting_close', out)
  return out
}

export function mapClosedChannel(wire: LndChannelCloseSummary): ClosedChannel {
  return {
    chanId: String(wire.chan_id),
    channelPoint: wire.channel_point,
    remotePubkey: wire.remote_pubkey,
    capacitySat: toBigInt(wire.capacity),
    settledBalanceSat: toBigInt(wire.settled_balance),
    closingTxid: wire.closing_tx_hash,
    closeHeight: toNumber(wire.close_height),
    closeType: wire.close_type,
  }
}

export function mapClosedChannels(wire: { channels: LndChannelCloseSummary[] }): ClosedChannel[] {
  return (wire.channels ?? []).map(mapClosedChannel)
}

function msat(amount: LndAmount | null | undefined): bigint {
  return toBigInt(amount?.msat)
}

export function mapChannelBalance(wire: LndChannelBalanceResponse): ChannelBalance {
  return {
    localMsat: msat(wire.local_balance),
    remoteMsat: msat(wire.remote_balance),
    unsettledLocalMsat: msat(wire.unsettled_local_balance),
    unsettledRemoteMsat: msat(wire.unsettled_remote_balance),
    pendingOpenLocalMsat: msat(wire.pending_open_local_balance),
    pendingOpenRemoteMsat: msat(wire.pending_open_remote_balance),
  }
}

export function toOpenChannelBody(request: OpenChannelRequest): LndOpenChannelBody {
  const body: LndOpenChannelBody = {
    node_pubkey: bytesField(request.pubkey),
    local_funding_amount: request.localFundingSat.toString(),
  }
  if (request.pushSat !== undefined) body.push_sat = request.pushSat.toString()
  if (request.isPrivate !== undefined) body.private = request.isPrivate
  if (request.satPerVbyte !== undefined) body.sat_per_vbyte = request.satPerVbyte.toString()
  if (request.minConfs !== undefined) {
    body.min_confs = request.minConfs
    // lnd refuses min_confs 0 unless unconfirmed outputs may be spent.
    if (request.minConfs === 0) body.spend_unconfirmed = true
  }
  return body
}

/** The funding outpoint; lnd's `funding_txid_bytes` are in internal byte order: reversed here. */
export function mapChannelPoint(wire: LndChannelPoint): ChannelPoint {
  const txid = wire.funding_txid_str
    ? wire.funding_txid_str.toLowerCase()
    : reverseHex(toHex(wire.funding_txid_bytes))
  return { txid, outputIndex: toNumber(wire.output_index) }
}

/** lnrpc.CloseChannelRequest (`DELETE /v1/channels/{channel_point...}`). */
export function toCloseChannelRequest(request: CloseChannelRequest): Record<string, unknown> {
  const message: Record<string, unknown> = {
    channel_point: toChannelPointRequest(request.channelPoint),
  }
  if (request.force !== undefined) message.force = request.force
  if (request.satPerVbyte !== undefined) message.sat_per_vbyte = request.satPerVbyte.toString()
  return message
}

/** An lnrpc.ChannelPoint to send: the txid as lnd prints it (`funding_txid_str`). */
export function toChannelPointRequest(point: ChannelPoint): {
  funding_txid_str: string
  output_index: number
} {
  assertObject(point, 'channelPoint')
  assertHash(point.txid, 'channelPoint.txid')
  assertInteger(point.outputIndex, 'channelPoint.outputIndex', { min: 0, max: 2 ** 32 - 1 })
  return { funding_txid_str: point.txid.toLowerCase(), output_index: point.outputIndex }
}

/**
 * One close-stream line → an update, or undefined for the lines the type does
 * not carry (`close_instant`, sent first when lnd is asked not to wait).
 */
export function mapCloseStatusUpdate(wire: LndCloseStatusUpdate): CloseChannelUpdate | undefined {
  if (wire.close_pending)
    return { type: 'pending', closingTxid: reverseHex(toHex(wire.close_pending.txid)) }
  if (wire.chan_close)
    return { type: 'closed', closingTxid: reverseHex(toHex(wire.chan_close.closing_txid)) }
  return undefined
}

export interface LndChannelBackup {
  chan_point: LndChannelPoint | null
  chan_backup: WireBytes
}

export interface LndChanBackupSnapshot {
  single_chan_backups: { chan_backups: LndChannelBackup[] | null } | null
  multi_chan_backup: { chan_points: LndChannelPoint[] | null; multi_chan_backup: WireBytes } | null
}

export function mapChannelBackup(wire: LndChannelBackup): ChannelBackup {
  if (!wire.chan_point) throw new TypeError('a channel backup without its channel point')
  return { channelPoint: mapChannelPoint(wire.chan_point), backup: toHex(wire.chan_backup) }
}

export function mapChannelBackupSnapshot(wire: LndChanBackupSnapshot): ChannelBackupSnapshot {
  return {
    multi: {
      channelPoints: (wire.multi_chan_backup?.chan_points ?? []).map(mapChannelPoint),
      backup: toHex(wire.multi_chan_backup?.multi_chan_backup),
    },
    singles: (wire.single_chan_backups?.chan_backups ?? []).map(mapChannelBackup),
  }
}

/** lnrpc.ChanBackupSnapshot to verify: the multi blob, or single backups. */
export function toVerifyChanBackupRequest(backup: ChannelBackupInput): Record<string, unknown> {
  assertObject(backup, 'backup')
  if ('multi' in backup) {
    assertHex(backup.multi, { name: 'multi' })
    return { multi_chan_backup: { multi_chan_backup: bytesField(backup.multi) } }
  }
  return { single_chan_backups: { chan_backups: toChannelBackups(backup.singles) } }
}

/** lnrpc.RestoreChanBackupRequest: the multi blob, or single backups. */
export function toRestoreChanBackupRequest(backup: ChannelBackupInput): Record<string, unknown> {
  assertObject(backup, 'backup')
  if ('multi' in backup) {
    assertHex(backup.multi, { name: 'multi' })
    return { multi_chan_backup: bytesField(backup.multi) }
  }
  return { chan_backups: { chan_backups: toChannelBackups(backup.singles) } }
}

function toChannelBackups(singles: readonly ChannelBackup[]): Record<string, unknown>[] {
  if (!Array.isArray(singles) || singles.length === 0)
    throw new InvalidArgumentError('singles', 'at least one channel backup')
  return singles.map((single, i) => {
    assertObject(single, `singles[${i}]`)
    assertHex(single.backup, { name: `singles[${i}].backup` })
    return {
      chan_point: toChannelPointRequest(single.channelPoint),
      chan_backup: bytesField(single.backup),
    }
  })
}

/** VerifyChanBackup's `chan_points`, `txid:index` each. */
export function mapVerifiedBackup(wire: { chan_points?: string[] | null }): ChannelPoint[] {
  return (wire.chan_points ?? []).map((point) => {
    const [txid, index] = point.split(':')
    if (txid === undefined || index === undefined || !/^\d+$/.test(index))
      throw new TypeError(`a channel point that is not txid:index: ${point}`)
    return { txid: txid.toLowerCase(), outputIndex: Number(index) }
  })
}

// lnd's RPCs of this domain: each entry is what `Backend.call` (or `stream`) needs.

/** What the node holds in channels, in msat. */
export const channelBalance: UnaryRpc<undefined, ChannelBalance> = {
  grpc: 'lnrpc.Lightning.ChannelBalance',
  http: 'GET v1/balance/channels',
  map: mapChannelBalance,
}

/** The open channels. */
export const listChannels: UnaryRpc<undefined, Channel[]> = {
  grpc: 'lnrpc.Lightning.ListChannels',
  http: 'GET v1/channels',
  map: mapChannels,
}

/** The channels opening or closing. */
export const pendingChannels: UnaryRpc<undefined, PendingChannel[]> = {
  grpc: 'lnrpc.Lightning.PendingChannels',
  http: 'GET v1/channels/pending',
  map: mapPendingChannels,
}

/** The closed channels. */
export const closedChannels: UnaryRpc<undefined, ClosedChannel[]> = {
  grpc: 'lnrpc.Lightning.ClosedChannels',
  http: 'GET v1/channels/closed',
  map: mapClosedChannels,
}

/** Opens a channel and resolves once its funding transaction is published. */
export const openChannel: UnaryRpc<
  OpenChannelRequest,
  ChannelPoint,
  'INVALID_ARGUMENT' | 'INSUFFICIENT_BALANCE' | 'NOT_FOUND'
> = {
  grpc: 'lnrpc.Lightning.OpenChannelSync',
  http: 'POST v1/channels',
  message: (request) => {
    assertPubkey(request.pubkey, 'pubkey')
    return toOpenChannelBody(request)
  },
  map: mapChannelPoint,
}

/** Closes a channel and streams its progress until the closing transaction confirms. */
export const closeChannel: StreamRpc<
  CloseChannelRequest,
  CloseChannelUpdate,
  'INVALID_ARGUMENT' | 'NOT_FOUND'
> = {
  grpc: 'lnrpc.Lightning.CloseChannel',
  http: 'DELETE v1/channels/{channel_point.funding_txid_str}/{channel_point.output_index}',
  message: (request) => {
    assertHash(request.channelPoint.txid, 'channelPoint.txid')
    return toCloseChannelRequest(request)
  },
  map: mapCloseStatusUpdate,
  isFinal: (last: CloseChannelUpdate | undefined) => last?.type === 'closed',
}

/** The static channel backups of every open channel. */
export const exportAllChannelBackups: UnaryRpc<undefined, ChannelBackupSnapshot> = {
  grpc: 'lnrpc.Lightning.ExportAllChannelBackups',
  http: 'GET v1/channels/backup',
  map: mapChannelBackupSnapshot,
}

/** The static channel backup of one open channel. */
export const exportChannelBackup: UnaryRpc<
  ChannelPoint,
  ChannelBackup,
  'INVALID_ARGUMENT' | 'NOT_FOUND'
> = {
  grpc: 'lnrpc.Lightning.ExportChannelBackup',
  http: 'GET v1/channels/backup/{chan_point.funding_txid_str}/{chan_point.output_index}',
  message: (channelPoint) => {
    assertHash(channelPoint.txid, 'channelPoint.txid')
    return { chan_point: toChannelPointRequest(channelPoint) }
  },
  map: mapChannelBackup,
}

/** Checks that the node can decrypt and read a backup; resolves with the channels it holds. */
export const verifyChanBackup: UnaryRpc<ChannelBackupInput, ChannelPoint[], 'INVALID_ARGUMENT'> = {
  grpc: 'lnrpc.Lightning.VerifyChanBackup',
  http: 'POST v1/channels/backup/verify',
  message: toVerifyChanBackupRequest,
  map: mapVerifiedBackup,
}

/** Restores channels from a backup: the node asks each peer to close, and sweeps its funds. Resolves with how many it restored. */
export const restoreChannelBackups: UnaryRpc<ChannelBackupInput, number, 'INVALID_ARGUMENT'> = {
  grpc: 'lnrpc.Lightning.RestoreChannelBackups',
  http: 'POST v1/channels/backup/restore',
  message: toRestoreChanBackupRequest,
  map: (wire: { num_restored?: number }) => wire.num_restored ?? 0,
}

/** A new snapshot each time a channel opens or closes. Endless. */
export const subscribeChannelBackups: StreamRpc<undefined, ChannelBackupSnapshot> = {
  grpc: 'lnrpc.Lightning.SubscribeChannelBackups',
  http: 'GET v1/channels/backup/subscribe',
  map: mapChannelBackupSnapshot,
  isFinal: endless,
}
