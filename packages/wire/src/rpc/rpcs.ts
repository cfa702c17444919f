import {
  assertHash,
  assertPubkey,
  type CloseChannelUpdate,
  isFinalInvoice,
  isFinalPayment,
} from '@btcfi/core'
import {
  mapChannelBackup,
  mapChannelBackupSnapshot,
  mapChannelBalance,
  mapChannelPoint,
  mapChannels,
  mapClosedChannels,
  mapCloseStatusUpdate,
  mapPendingChannels,
  mapVerifiedBackup,
  toChannelPointRequest,
  toCloseChannelRequest,
  toOpenChannelBody,
  toRestoreChanBackupRequest,
  toVerifyChanBackupRequest,
} from '../mapping/channel.js'
import {
  mapNodeInfo,
  mapSignedMessage,
  mapVerifiedMessage,
  toSignMessageBody,
  toVerifyMessageBody,
} from '../mapping/info.js'
import {
  type LndAddHoldInvoiceResponse,
  mapAddedHoldInvoice,
  mapAddedInvoice,
  mapInvoice,
  mapInvoicePage,
  toAddHoldInvoiceBody,
  toAddInvoiceBody,
  toCancelInvoiceBody,
  toListInvoicesRequest,
  toSettleInvoiceBody,
  toSubscribeInvoicesRequest,
} from '../mapping/invoice.js'
import {
  mapNewAddress,
  mapSentCoins,
  mapWalletBalance,
  toAddressType,
  toSendCoinsBody,
} from '../mapping/onchain.js'
import {
  mapForwardingPage,
  mapPayment,
  mapPaymentPage,
  mapQueryRoutes,
  mapRouteFeeEstimate,
  toForwardingHistoryRequest,
  toListPaymentsRequest,
  toQueryRoutesRequest,
  toRouteFeeBody,
  toSendPaymentBody,
} from '../mapping/payment.js'
import { mapPeers, toConnectPeerBody } from '../mapping/peer.js'
import { bytesField } from '../mapping/wire.js'
import type { RpcTable } from './Rpc.js'

const none = (): undefined => undefined
const endless = (): boolean => false

/**
 * Every RPC of `Backend`, once: lnd's gRPC method (LNC), its REST rule (as
 * lnd's `lightning.yaml` writes it), the request message with its checks, the
 * reply's mapping and, for a stream, when it may end. Both backends run on
 * this table through `backendFrom`; a new RPC is one entry here, its method in
 * core's `Backend` and its action in the sdk.
 */
export const rpcs: RpcTable = {
  getInfo: { grpc: 'lnrpc.Lightning.GetInfo', http: 'GET v1/getinfo', map: mapNodeInfo },
  walletBalance: {
    grpc: 'lnrpc.Lightning.WalletBalance',
    http: 'GET v1/balance/blockchain',
    map: mapWalletBalance,
  },
  channelBalance: {
    grpc: 'lnrpc.Lightning.ChannelBalance',
    http: 'GET v1/balance/channels',
    map: mapChannelBalance,
  },

  addInvoice: {
    grpc: 'lnrpc.Lightning.AddInvoice',
    http: 'POST v1/invoices',
    message: toAddInvoiceBody,
    map: mapAddedInvoice,
  },
  lookupInvoice: {
    grpc: 'lnrpc.Lightning.LookupInvoice',
    http: 'GET v1/invoice/{r_hash_str}',
    message: (paymentHash) => {
      assertHash(paymentHash, 'paymentHash')
      return { r_hash_str: paymentHash.toLowerCase() }
    },
    map: mapInvoice,
  },
  listInvoices: {
    grpc: 'lnrpc.Lightning.ListInvoices',
    http: 'GET v1/invoices',
    message: toListInvoicesRequest,
    map: mapInvoicePage,
  },
  subscribeSingleInvoice: {
    grpc: 'invoicesrpc.Invoices.SubscribeSingleInvoice',
    http: 'GET v2/invoices/subscribe/{r_hash}',
    message: (paymentHash) => {
      assertHash(paymentHash, 'paymentHash')
      return { r_hash: bytesField(paymentHash) }
    },
    map: mapInvoice,
    isFinal: isFinalInvoice,
  },
  subscribeInvoices: {
    grpc: 'lnrpc.Lightning.SubscribeInvoices',
    http: 'GET v1/invoices/subscribe',
    message: toSubscribeInvoicesRequest,
    map: mapInvoice,
    isFinal: endless,
  },

  addHoldInvoice: {
    grpc: 'invoicesrpc.Invoices.AddHoldInvoice',
    http: 'POST v2/invoices/hodl',
    message: (request) => {
      assertHash(request.paymentHash, 'paymentHash')
      return toAddHoldInvoiceBody(request)
    },
    map: (wire: LndAddHoldInvoiceResponse, request) =>
      mapAddedHoldInvoice(wire, request.paymentHash),
  },
  settleInvoice: {
    grpc: 'invoicesrpc.Invoices.SettleInvoice',
    http: 'POST v2/invoices/settle',
    message: (preimage) => {
      assertHash(preimage, 'preimage')
      return toSettleInvoiceBody(preimage)
    },
    map: none,
  },
  cancelInvoice: {
    grpc: 'invoicesrpc.Invoices.CancelInvoice',
    http: 'POST v2/invoices/cancel',
    message: (paymentHash) => {
      assertHash(paymentHash, 'paymentHash')
      return toCancelInvoiceBody(paymentHash)
    },
    map: none,
  },

  // Never retried: a stream never is, and a POST never is.
  sendPayment: {
    grpc: 'routerrpc.Router.SendPaymentV2',
    http: 'POST v2/router/send',
    message: (request) => {
      if (request.dest !== undefined) assertPubkey(request.dest, 'dest')
      if (request.paymentHash !== undefined) assertHash(request.paymentHash, 'paymentHash')
      if (request.lastHopPubkey !== undefined) assertPubkey(request.lastHopPubkey, 'lastHopPubkey')
      return toSendPaymentBody(request)
    },
    map: mapPayment,
    isFinal: isFinalPayment,
  },
  trackPayment: {
    grpc: 'routerrpc.Router.TrackPaymentV2',
    http: 'GET v2/router/track/{payment_hash}',
    message: (paymentHash) => {
      assertHash(paymentHash, 'paymentHash')
      return { payment_hash: bytesField(paymentHash), no_inflight_updates: false }
    },
    map: mapPayment,
    isFinal: isFinalPayment,
  },
  estimateRouteFee: {
    grpc: 'routerrpc.Router.EstimateRouteFee',
    http: 'POST v2/router/route/estimatefee',
    message: (request) => {
      if ('dest' in request) assertPubkey(request.dest, 'dest')
      return toRouteFeeBody(request)
    },
    map: mapRouteFeeEstimate,
  },
  queryRoutes: {
    grpc: 'lnrpc.Lightning.QueryRoutes',
    http: 'GET v1/graph/routes/{pub_key}/{amt}',
    message: (request) => {
      assertPubkey(request.pubkey, 'pubkey')
      return toQueryRoutesRequest(request)
    },
    map: mapQueryRoutes,
  },
  listPayments: {
    grpc: 'lnrpc.Lightning.ListPayments',
    http: 'GET v1/payments',
    message: toListPaymentsRequest,
    map: mapPaymentPage,
  },
  forwardingHistory: {
    grpc: 'lnrpc.Lightning.ForwardingHistory',
    http: 'POST v1/switch',
    message: toForwardingHistoryRequest,
    map: mapForwardingPage,
  },

  listChannels: {
    grpc: 'lnrpc.Lightning.ListChannels',
    http: 'GET v1/channels',
    map: mapChannels,
  },
  pendingChannels: {
    grpc: 'lnrpc.Lightning.PendingChannels',
    http: 'GET v1/channels/pending',
    map: mapPendingChannels,
  },
  closedChannels: {
    grpc: 'lnrpc.Lightning.ClosedChannels',
    http: 'GET v1/channels/closed',
    map: mapClosedChannels,
  },
  openChannel: {
    grpc: 'lnrpc.Lightning.OpenChannelSync',
    http: 'POST v1/channels',
    message: (request) => {
      assertPubkey(request.pubkey, 'pubkey')
      return toOpenChannelBody(request)
    },
    map: mapChannelPoint,
  },
  closeChannel: {
    grpc: 'lnrpc.Lightning.CloseChannel',
    http: 'DELETE v1/channels/{channel_point.funding_txid_str}/{channel_point.output_index}',
    message: (request) => {
      assertHash(request.channelPoint.txid, 'channelPoint.txid')
      return toCloseChannelRequest(request)
    },
    map: mapCloseStatusUpdate,
    isFinal: (last: CloseChannelUpdate | undefined) => last?.type === 'closed',
  },

  exportAllChannelBackups: {
    grpc: 'lnrpc.Lightning.ExportAllChannelBackups',
    http: 'GET v1/channels/backup',
    map: mapChannelBackupSnapshot,
  },
  exportChannelBackup: {
    grpc: 'lnrpc.Lightning.ExportChannelBackup',
    http: 'GET v1/channels/backup/{chan_point.funding_txid_str}/{chan_point.output_index}',
    message: (channelPoint) => {
      assertHash(channelPoint.txid, 'channelPoint.txid')
      return { chan_point: toChannelPointRequest(channelPoint) }
    },
    map: mapChannelBackup,
  },
  verifyChanBackup: {
    grpc: 'lnrpc.Lightning.VerifyChanBackup',
    http: 'POST v1/channels/backup/verify',
    message: toVerifyChanBackupRequest,
    map: mapVerifiedBackup,
  },
  restoreChannelBackups: {
    grpc: 'lnrpc.Lightning.RestoreChannelBackups',
    http: 'POST v1/channels/backup/restore',
    message: toRestoreChanBackupRequest,
    map: (wire: { num_restored?: number }) => wire.num_restored ?? 0,
  },
  subscribeChannelBackups: {
    grpc: 'lnrpc.Lightning.SubscribeChannelBackups',
    http: 'GET v1/channels/backup/subscribe',
    map: mapChannelBackupSnapshot,
    isFinal: endless,
  },

  connectPeer: {
    grpc: 'lnrpc.Lightning.ConnectPeer',
    http: 'POST v1/peers',
    message: (request) => {
      assertPubkey(request.pubkey, 'pubkey')
      return toConnectPeerBody(request)
    },
    map: none,
    // lnd: "already connected to peer: <pubkey>@<host>": the goal is met.
    metBy: 'ALREADY_EXISTS',
  },
  listPeers: { grpc: 'lnrpc.Lightning.ListPeers', http: 'GET v1/peers', map: mapPeers },

  newAddress: {
    grpc: 'lnrpc.Lightning.NewAddress',
    http: 'GET v1/newaddress',
    once: true,
    message: (type) => ({ type: toAddressType(type) }),
    map: mapNewAddress,
  },
  sendCoins: {
    grpc: 'lnrpc.Lightning.SendCoins',
    http: 'POST v1/transactions',
    message: toSendCoinsBody,
    map: mapSentCoins,
  },

  signMessage: {
    grpc: 'lnrpc.Lightning.SignMessage',
    http: 'POST v1/signmessage',
    message: toSignMessageBody,
    map: mapSignedMessage,
  },
  verifyMessage: {
    grpc: 'lnrpc.Lightning.VerifyMessage',
    http: 'POST v1/verifymessage',
    message: ({ message, signature }) => toVerifyMessageBody(message, signature),
    map: mapVerifiedMessage,
  },
}
