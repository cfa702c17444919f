import {
  assertHash,
  assertPubkey,
  type Backend,
  type CloseChannelUpdate,
  hexToBase64,
  InvalidArgumentError,
  type Invoice,
  isBaseError,
  type Payment,
} from '@btcfi/core'
import {
  type LndAddHoldInvoiceResponse,
  mapAddedHoldInvoice,
  mapAddedInvoice,
  mapChannelBalance,
  mapChannelPoint,
  mapChannels,
  mapClosedChannels,
  mapCloseStatusUpdate,
  mapInvoice,
  mapInvoicePage,
  mapNewAddress,
  mapNodeInfo,
  mapPayment,
  mapPeers,
  mapPendingChannels,
  mapQueryRoutes,
  mapRouteFeeEstimate,
  mapSentCoins,
  mapSignedMessage,
  mapVerifiedMessage,
  mapWalletBalance,
  toAddHoldInvoiceBody,
  toAddInvoiceBody,
  toAddressType,
  toCancelInvoiceBody,
  toConnectPeerBody,
  toOpenChannelBody,
  toRouteFeeBody,
  toSendCoinsBody,
  toSendPaymentBody,
  toSettleInvoiceBody,
  toSignMessageBody,
  toVerifyMessageBody,
} from '@btcfi/lnd/mapping'
import { createConnection } from '../connection/createConnection.js'
import type { LncOptions } from '../connection/LncOptions.js'
import { createRpc } from '../rpc/createRpc.js'
import {
  toCloseChannelRequest,
  toListInvoicesRequest,
  toQueryRoutesRequest,
  toSubscribeInvoicesRequest,
} from './requests.js'

/** The Lightning Node Connect backend. */
export interface LncBackend extends Backend {
  readonly kind: 'lnc'
  /**
   * Pairs with the node (or reconnects with stored credentials). Calls do it
   * on first use; call it to pair up front and see pairing errors early.
   */
  connect(): Promise<void>
  /** When the session expires (known once connected). */
  expiry(): Date | undefined
  /** Whether the session only reads (known once connected). */
  isReadOnly(): boolean
  /** Whether the session grants an RPC, e.g. `routerrpc.Router.SendPaymentV2` (once connected). */
  hasPermission(method: string): boolean
  /** Disconnects from the mailbox. */
  close(): Promise<void>
}

const inspect = Symbol.for('nodejs.util.inspect.custom')

const invoiceFinal = (last: Invoice | undefined): boolean =>
  last?.state === 'SETTLED' || last?.state === 'CANCELED'
const paymentFinal = (last: Payment | undefined): boolean =>
  last?.status === 'SUCCEEDED' || last?.status === 'FAILED'
const closeFinal = (last: CloseChannelUpdate | undefined): boolean => last?.type === 'closed'
const endless = (): boolean => false
const none = (): undefined => undefined

/**
 * A `Backend` over Lightning Node Connect, on `@lightninglabs/lnc-web`: the
 * same results, events and typed errors as the REST backend (lnd's replies
 * are read with the same mapping, lnd's errors go through the same table).
 * Before each call it checks that the session is alive and grants the call,
 * so that a read-only session refuses a payment with `PermissionDeniedError`
 * without sending anything. Nothing happens until the first call.
 *
 * In Node 20, install a WebSocket first (`installWebSocket` from `@btcfi/lnc/node`).
 *
 * @example
 * import { lnc } from '@btcfi/lnc'
 * import { createClient } from '@btcfi/sdk'
 * const backend = lnc({ pairingPhrase, mailbox: 'mailbox.example.com:443', wasmUrl: '/lnc.wasm', password })
 * const client = createClient({ backend })
 * const info = await client.getInfo()
 */
export function lnc(options: LncOptions): LncBackend {
  if (typeof options.mailbox !== 'string' || !/^[^\s/:]+:\d+$/.test(options.mailbox))
    throw new InvalidArgumentError(
      'mailbox',
      'host:port, e.g. mailbox.terminal.lightning.today:443',
    )
  if (typeof options.wasmUrl !== 'string' || options.wasmUrl === '')
    throw new InvalidArgumentError('wasmUrl', 'the URL of the LNC wasm client')
  if (
    options.pairingPhrase !== undefined &&
    options.pairingPhrase.trim().split(/\s+/).length !== 10
  )
    throw new InvalidArgumentError('pairingPhrase', 'ten words', { received: 'another shape' })
  const timeoutMs = options.timeoutMs ?? 30_000
  if (!(Number.isInteger(timeoutMs) && timeoutMs > 0))
    throw new InvalidArgumentError('timeoutMs', 'a positive integer', {
      received: String(timeoutMs),
    })

  const target = `lnc://${options.mailbox}`
  const connection = createConnection(options)
  const rpc = createRpc(connection, {
    target,
    timeoutMs,
    secrets: () => [options.pairingPhrase ?? '', options.password ?? ''].filter(Boolean),
  })
  const { call, stream } = rpc

  const backend: LncBackend & { toJSON(): unknown; toString(): string; [inspect](): string } = {
    kind: 'lnc',
    target,

    connect: async () => {
      await connection.connect()
    },
    expiry: () => connection.expiry(),
    isReadOnly: () => connection.isReadOnly(),
    hasPermission: (method) => connection.hasPermission(method),

    getInfo: (o) => call('lnrpc.Lightning.GetInfo', {}, mapNodeInfo, o),
    walletBalance: (o) => call('lnrpc.Lightning.WalletBalance', {}, mapWalletBalance, o),
    channelBalance: (o) => call('lnrpc.Lightning.ChannelBalance', {}, mapChannelBalance, o),

    addInvoice: (request, o) =>
      call('lnrpc.Lightning.AddInvoice', toAddInvoiceBody(request), mapAddedInvoice, o),
    lookupInvoice: async (paymentHash, o) => {
      assertHash(paymentHash, 'paymentHash')
      return call(
        'lnrpc.Lightning.LookupInvoice',
        { r_hash_str: paymentHash.toLowerCase() },
        mapInvoice,
        o,
      )
    },
    listInvoices: (request, o) =>
      call('lnrpc.Lightning.ListInvoices', toListInvoicesRequest(request), mapInvoicePage, o),
    subscribeSingleInvoice: (paymentHash, o) => {
      assertHash(paymentHash, 'paymentHash')
      return stream(
        'invoicesrpc.Invoices.SubscribeSingleInvoice',
        { r_hash: hexToBase64(paymentHash) },
        mapInvoice,
        invoiceFinal,
        o,
      )
    },
    subscribeInvoices: (request, o) =>
      stream(
        'lnrpc.Lightning.SubscribeInvoices',
        toSubscribeInvoicesRequest(request),
        mapInvoice,
        endless,
        o,
      ),

    addHoldInvoice: async (request, o) => {
      assertHash(request.paymentHash, 'paymentHash')
      return call(
        'invoicesrpc.Invoices.AddHoldInvoice',
        toAddHoldInvoiceBody(request),
        (wire: LndAddHoldInvoiceResponse) => mapAddedHoldInvoice(wire, request.paymentHash),
        o,
      )
    },
    settleInvoice: async (preimage, o) => {
      assertHash(preimage, 'preimage')
      return call('invoicesrpc.Invoices.SettleInvoice', toSettleInvoiceBody(preimage), none, o)
    },
    cancelInvoice: async (paymentHash, o) => {
      assertHash(paymentHash, 'paymentHash')
      return call('invoicesrpc.Invoices.CancelInvoice', toCancelInvoiceBody(paymentHash), none, o)
    },

    sendPayment: (request, o) => {
      if (request.dest !== undefined) assertPubkey(request.dest, 'dest')
      if (request.paymentHash !== undefined) assertHash(request.paymentHash, 'paymentHash')
      if (request.lastHopPubkey !== undefined) assertPubkey(request.lastHopPubkey, 'lastHopPubkey')
      // Never retried.
      return stream(
        'routerrpc.Router.SendPaymentV2',
        toSendPaymentBody(request),
        mapPayment,
        paymentFinal,
        o,
      )
    },
    trackPayment: (paymentHash, o) => {
      assertHash(paymentHash, 'paymentHash')
      return stream(
        'routerrpc.Router.TrackPaymentV2',
        { payment_hash: hexToBase64(paymentHash), no_inflight_updates: false },
        mapPayment,
        paymentFinal,
        o,
      )
    },
    estimateRouteFee: async (request, o) => {
      if ('dest' in request) assertPubkey(request.dest, 'dest')
      return call(
        'routerrpc.Router.EstimateRouteFee',
        toRouteFeeBody(request),
        mapRouteFeeEstimate,
        o,
      )
    },
    queryRoutes: async (request, o) => {
      assertPubkey(request.pubkey, 'pubkey')
      return call('lnrpc.Lightning.QueryRoutes', toQueryRoutesRequest(request), mapQueryRoutes, o)
    },

    listChannels: (o) => call('lnrpc.Lightning.ListChannels', {}, mapChannels, o),
    pendingChannels: (o) => call('lnrpc.Lightning.PendingChannels', {}, mapPendingChannels, o),
    closedChannels: (o) => call('lnrpc.Lightning.ClosedChannels', {}, mapClosedChannels, o),
    openChannel: async (request, o) => {
      assertPubkey(request.pubkey, 'pubkey')
      return call('lnrpc.Lightning.OpenChannelSync', toOpenChannelBody(request), mapChannelPoint, o)
    },
    closeChannel: (request, o) => {
      assertHash(request.channelPoint.txid, 'channelPoint.txid')
      return stream(
        'lnrpc.Lightning.CloseChannel',
        toCloseChannelRequest(request),
        mapCloseStatusUpdate,
        closeFinal,
        o,
      )
    },

    connectPeer: async (request, o) => {
      assertPubkey(request.pubkey, 'pubkey')
      try {
        await call('lnrpc.Lightning.ConnectPeer', toConnectPeerBody(request), none, o)
      } catch (error) {
        // "already connected to peer": the goal is met, as over REST.
        if (isBaseError(error) && error.code === 'ALREADY_EXISTS') return
        throw error
      }
    },
    listPeers: (o) => call('lnrpc.Lightning.ListPeers', {}, mapPeers, o),

    newAddress: async (type, o) =>
      call('lnrpc.Lightning.NewAddress', { type: toAddressType(type) }, mapNewAddress, o),
    sendCoins: (request, o) =>
      call('lnrpc.Lightning.SendCoins', toSendCoinsBody(request), mapSentCoins, o),

    signMessage: (message, o) =>
      call('lnrpc.Lightning.SignMessage', toSignMessageBody(message), mapSignedMessage, o),
    verifyMessage: (message, signature, o) =>
      call(
        'lnrpc.Lightning.VerifyMessage',
        toVerifyMessageBody(message, signature),
        mapVerifiedMessage,
        o,
      ),

    close: () => connection.close(),

    toJSON: () => ({ kind: 'lnc', target }),
    toString: () => `LncBackend(${target})`,
    [inspect]: () => `LncBackend { kind: 'lnc', target: '${target}' }`,
  }
  return backend
}
