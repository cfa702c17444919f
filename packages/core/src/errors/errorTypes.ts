import type { Backend } from '../backend/Backend.js'

/**
 * What any call to the node can fail with, whatever it asks: the connection,
 * the caller's signal, the credentials and the node's state, lnd's unmapped
 * answers (`NODE_ERROR`) and replies the SDK cannot read (`PROTOCOL`).
 */
export type NodeCallErrorType =
  | 'NODE_UNREACHABLE'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'PERMISSION_DENIED'
  | 'WALLET_LOCKED'
  | 'NODE_ERROR'
  | 'PROTOCOL'
  | 'LNC_PAIRING_FAILED'
  | 'LNC_SESSION_EXPIRED'

/**
 * The codes each backend RPC adds to `NodeCallErrorType`: its request checks
 * (`INVALID_ARGUMENT`) and lnd's answers that `fromLndError` maps for it. One
 * entry per method of `Backend` (a type test holds them equal), so an action's
 * error type is composed from the RPCs it calls and cannot drift from them.
 */
export interface BackendErrors {
  getInfo: never
  walletBalance: never
  channelBalance: never
  addInvoice: 'INVALID_ARGUMENT' | 'ALREADY_EXISTS'
  lookupInvoice: 'INVALID_ARGUMENT' | 'NOT_FOUND'
  listInvoices: never
  subscribeSingleInvoice: 'INVALID_ARGUMENT' | 'NOT_FOUND'
  subscribeInvoices: never
  addHoldInvoice: 'INVALID_ARGUMENT' | 'ALREADY_EXISTS'
  settleInvoice: 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'INVOICE_STATE'
  cancelInvoice: 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'INVOICE_STATE'
  sendPayment:
    | 'INVALID_ARGUMENT'
    | 'INVOICE_INVALID'
    | 'INVOICE_EXPIRED'
    | 'ALREADY_PAID'
    | 'PAYMENT_IN_FLIGHT'
    | 'NO_ROUTE'
    | 'INSUFFICIENT_BALANCE'
  trackPayment: 'INVALID_ARGUMENT' | 'NOT_FOUND'
  estimateRouteFee: 'INVALID_ARGUMENT' | 'INVOICE_INVALID' | 'NO_ROUTE'
  queryRoutes: 'INVALID_ARGUMENT' | 'NO_ROUTE'
  listPayments: never
  forwardingHistory: 'INVALID_ARGUMENT'
  listChannels: never
  pendingChannels: never
  closedChannels: never
  openChannel: 'INVALID_ARGUMENT' | 'INSUFFICIENT_BALANCE' | 'NOT_FOUND'
  closeChannel: 'INVALID_ARGUMENT' | 'NOT_FOUND'
  exportAllChannelBackups: never
  exportChannelBackup: 'INVALID_ARGUMENT' | 'NOT_FOUND'
  verifyChanBackup: 'INVALID_ARGUMENT'
  restoreChannelBackups: 'INVALID_ARGUMENT'
  subscribeChannelBackups: never
  connectPeer: 'INVALID_ARGUMENT'
  listPeers: never
  newAddress: 'INVALID_ARGUMENT'
  sendCoins: 'INVALID_ARGUMENT' | 'INSUFFICIENT_BALANCE'
  signMessage: never
  verifyMessage: never
}

/** The backend's RPC names: every method of `Backend` but `close`. */
export type BackendRpc = Exclude<keyof Backend, 'kind' | 'target' | 'close'>

/**
 * Every code a call of these RPCs can fail with.
 *
 * @example
 * export type GetInvoiceErrorType = BackendErrorType<'lookupInvoice'>
 */
export type BackendErrorType<K extends keyof BackendErrors> = NodeCallErrorType | BackendErrors[K]
