import {
  assertHash,
  assertHex,
  assertPubkey,
  type Backend,
  bytesToHex,
  type CloseChannelUpdate,
  type Invoice,
  isBaseError,
  type Payment,
} from '@btcfi/core'
import { derToPem } from '../connect/derToPem.js'
import { parseLndConnect } from '../connect/parseLndConnect.js'
import {
  mapChannelBalance,
  mapChannelPoint,
  mapChannels,
  mapClosedChannels,
  mapCloseStatusUpdate,
  mapPendingChannels,
  toCloseChannelPath,
  toOpenChannelBody,
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
  toListInvoicesQuery,
  toSettleInvoiceBody,
  toSubscribeInvoicesQuery,
} from '../mapping/invoice.js'
import {
  mapNewAddress,
  mapSentCoins,
  mapWalletBalance,
  toAddressType,
  toSendCoinsBody,
} from '../mapping/onchain.js'
import {
  mapPayment,
  mapQueryRoutes,
  mapRouteFeeEstimate,
  toQueryRoutesPath,
  toRouteFeeBody,
  toSendPaymentBody,
} from '../mapping/payment.js'
import { mapPeers, toConnectPeerBody } from '../mapping/peer.js'
import { pathBytes } from '../mapping/wire.js'
import { checkTransport } from '../transport/checkTransport.js'
import { createTransport } from '../transport/createTransport.js'
import { invalidArgument } from '../transport/errors.js'

/** Options shared by both ways to point `lnd()` at a node. */
export interface LndCommonOptions {
  /** Timeout of each unary call in ms (streams have none). Default 30 000. */
  timeoutMs?: number | undefined
  /** Retries of idempotent GETs on 408/429/502/503/504 and network errors. Default 2. POST and DELETE are never retried. */
  retry?: number | undefined
  /**
   * A fetch to use instead of the global one (a browser polyfill, a proxy).
   * In Node it receives the connection pool as `init.dispatcher`.
   */
  fetch?: typeof globalThis.fetch | undefined
}

export interface LndOptions extends LndCommonOptions {
  /**
   * lnd's REST address, e.g. `https://127.0.0.1:8080`. `http://` is refused
   * (the macaroon would travel in clear) unless `allowInsecureHttp` is set and
   * the host is a loopback one.
   */
  url: string
  /** A macaroon as hex or raw bytes (the content of `admin.macaroon`). */
  macaroon: string | Uint8Array
  /**
   * lnd's TLS certificate (`tls.cert`) as PEM, or its bytes (PEM or DER). When
   * set, it is the only CA trusted for this node (Node only; a browser uses its
   * own trust store). When absent, the system's CAs.
   */
  cert?: string | Uint8Array | undefined
  /**
   * Allows an `http://` url, for a host on this machine only: `localhost`,
   * `127.0.0.0/8` or `[::1]` (lnd's `--no-rest-tls`, a local TLS-terminating
   * proxy, tests). The macaroon then travels unencrypted over loopback. Any
   * other host is refused even with it, and so is `cert` with `http://` (it
   * would not be used). Default false.
   */
  allowInsecureHttp?: boolean | undefined
}

export interface LndConnectOptions extends LndCommonOptions {
  /** An lndconnect URI: `lndconnect://host:port?cert=...&macaroon=...`. */
  lndconnect: string
}

/** The LND REST backend. */
export interface LndBackend extends Backend {
  readonly kind: 'lnd-rest'
  /** Closes the connection pool; calls after it fail. */
  close(): Promise<void>
}

const inspect = Symbol.for('nodejs.util.inspect.custom')

// When each stream may end (see Transport.stream): after a final state, or never.
const invoiceFinal = (last: Invoice | undefined): boolean =>
  last?.state === 'SETTLED' || last?.state === 'CANCELED'
const paymentFinal = (last: Payment | undefined): boolean =>
  last?.status === 'SUCCEEDED' || last?.status === 'FAILED'
const closeFinal = (last: CloseChannelUpdate | undefined): boolean => last?.type === 'closed'
const endless = (): boolean => false

/**
 * A `Backend` on lnd's REST API. Nothing is sent until a method is called; a
 * stream method sends its request when iteration starts.
 *
 * @example
 * import { lnd } from '@btcfi/lnd'
 * const backend = lnd({ url: 'https://127.0.0.1:8080', macaroon: adminHex, cert: tlsCertPem })
 * const info = await backend.getInfo()
 * for await (const payment of backend.sendPayment({ paymentRequest, feeLimitMsat: 10_000n, timeoutSeconds: 60 })) {
 *   if (payment.status === 'SUCCEEDED') console.log(payment.preimage)
 * }
 */
export function lnd(options: LndOptions | LndConnectOptions): LndBackend {
  const resolved =
    'lndconnect' in options ? { ...options, ...parseLndConnect(options.lndconnect) } : options
  const target = parseUrl(resolved.url)
  checkTransport(
    target,
    resolved.cert !== undefined,
    'allowInsecureHttp' in options && options.allowInsecureHttp === true,
  )
  const macaroonHex = toMacaroonHex(resolved.macaroon)
  const cert = resolved.cert === undefined ? undefined : toPem(resolved.cert)
  const timeoutMs = options.timeoutMs ?? 30_000
  if (!(Number.isInteger(timeoutMs) && timeoutMs > 0))
    throw invalidArgument('timeoutMs', 'a positive integer', { received: String(timeoutMs) })
  const retry = options.retry ?? 2
  if (!(Number.isInteger(retry) && retry >= 0))
    throw invalidArgument('retry', 'an integer ≥ 0', { received: String(retry) })
  const t = createTransport({
    url: target,
    macaroonHex,
    cert,
    timeoutMs,
    retry,
    fetch: options.fetch,
  })
  const none = (): undefined => undefined

  const backend: LndBackend & {
    toJSON(): unknown
    toString(): string
    [inspect](): string
  } = {
    kind: 'lnd-rest',
    target,

    getInfo: (o) => t.call('GET', 'v1/getinfo', undefined, mapNodeInfo, o),
    walletBalance: (o) => t.call('GET', 'v1/balance/blockchain', undefined, mapWalletBalance, o),
    channelBalance: (o) => t.call('GET', 'v1/balance/channels', undefined, mapChannelBalance, o),

    addInvoice: (request, o) =>
      t.call('POST', 'v1/invoices', toAddInvoiceBody(request), mapAddedInvoice, o),
    lookupInvoice: async (paymentHash, o) => {
      assertHash(paymentHash, 'paymentHash')
      return t.call('GET', `v1/invoice/${paymentHash.toLowerCase()}`, undefined, mapInvoice, o)
    },
    listInvoices: (request, o) =>
      t.call(
        'GET',
        withQuery('v1/invoices', toListInvoicesQuery(request)),
        undefined,
        mapInvoicePage,
        o,
      ),
    subscribeSingleInvoice: (paymentHash, o) => {
      assertHash(paymentHash, 'paymentHash')
      return t.stream(
        'GET',
        `v2/invoices/subscribe/${pathBytes(paymentHash)}`,
        undefined,
        mapInvoice,
        invoiceFinal,
        o,
      )
    },
    subscribeInvoices: (request, o) =>
      t.stream(
        'GET',
        withQuery('v1/invoices/subscribe', toSubscribeInvoicesQuery(request)),
        undefined,
        mapInvoice,
        endless,
        o,
      ),

    addHoldInvoice: async (request, o) => {
      assertHash(request.paymentHash, 'paymentHash')
      return t.call(
        'POST',
        'v2/invoices/hodl',
        toAddHoldInvoiceBody(request),
        (wire: LndAddHoldInvoiceResponse) => mapAddedHoldInvoice(wire, request.paymentHash),
        o,
      )
    },
    settleInvoice: async (preimage, o) => {
      assertHash(preimage, 'preimage')
      return t.call('POST', 'v2/invoices/settle', toSettleInvoiceBody(preimage), none, o)
    },
    cancelInvoice: async (paymentHash, o) => {
      assertHash(paymentHash, 'paymentHash')
      return t.call('POST', 'v2/invoices/cancel', toCancelInvoiceBody(paymentHash), none, o)
    },

    sendPayment: (request, o) => {
      if (request.dest !== undefined) assertPubkey(request.dest, 'dest')
      if (request.paymentHash !== undefined) assertHash(request.paymentHash, 'paymentHash')
      if (request.lastHopPubkey !== undefined) assertPubkey(request.lastHopPubkey, 'lastHopPubkey')
      // Never retried: streams never are, and a POST never is.
      return t.stream(
        'POST',
        'v2/router/send',
        toSendPaymentBody(request),
        mapPayment,
        paymentFinal,
        o,
      )
    },
    trackPayment: (paymentHash, o) => {
      assertHash(paymentHash, 'paymentHash')
      return t.stream(
        'GET',
        `v2/router/track/${pathBytes(paymentHash)}?no_inflight_updates=false`,
        undefined,
        mapPayment,
        paymentFinal,
        o,
      )
    },
    estimateRouteFee: async (request, o) => {
      if ('dest' in request) assertPubkey(request.dest, 'dest')
      return t.call(
        'POST',
        'v2/router/route/estimatefee',
        toRouteFeeBody(request),
        mapRouteFeeEstimate,
        o,
      )
    },
    queryRoutes: async (request, o) => {
      assertPubkey(request.pubkey, 'pubkey')
      const { path, query } = toQueryRoutesPath(request)
      return t.call('GET', withQuery(path, query), undefined, mapQueryRoutes, o)
    },

    listChannels: (o) => t.call('GET', 'v1/channels', undefined, mapChannels, o),
    pendingChannels: (o) => t.call('GET', 'v1/channels/pending', undefined, mapPendingChannels, o),
    closedChannels: (o) => t.call('GET', 'v1/channels/closed', undefined, mapClosedChannels, o),
    openChannel: async (request, o) => {
      assertPubkey(request.pubkey, 'pubkey')
      return t.call('POST', 'v1/channels', toOpenChannelBody(request), mapChannelPoint, o)
    },
    closeChannel: (request, o) => {
      assertHash(request.channelPoint.txid, 'channelPoint.txid')
      const { path, query } = toCloseChannelPath(request)
      return t.stream(
        'DELETE',
        withQuery(path, query),
        undefined,
        mapCloseStatusUpdate,
        closeFinal,
        o,
      )
    },

    connectPeer: async (request, o) => {
      assertPubkey(request.pubkey, 'pubkey')
      try {
        await t.call('POST', 'v1/peers', toConnectPeerBody(request), none, o)
      } catch (error) {
        // lnd: "already connected to peer: <pubkey>@<host>" (ALREADY_EXISTS): the goal is met.
        if (isBaseError(error) && error.code === 'ALREADY_EXISTS') return
        throw error
      }
    },
    listPeers: (o) => t.call('GET', 'v1/peers', undefined, mapPeers, o),

    newAddress: async (type, o) =>
      t.call('GET', `v1/newaddress?type=${toAddressType(type)}`, undefined, mapNewAddress, o),
    sendCoins: (request, o) =>
      t.call('POST', 'v1/transactions', toSendCoinsBody(request), mapSentCoins, o),

    signMessage: (message, o) =>
      t.call('POST', 'v1/signmessage', toSignMessageBody(message), mapSignedMessage, o),
    verifyMessage: (message, signature, o) =>
      t.call(
        'POST',
        'v1/verifymessage',
        toVerifyMessageBody(message, signature),
        mapVerifiedMessage,
        o,
      ),

    close: () => t.close(),

    toJSON: () => ({ kind: 'lnd-rest', target }),
    toString: () => `LndBackend(${target})`,
    [inspect]: () => `LndBackend { kind: 'lnd-rest', target: '${target}' }`,
  }
  return backend
}

function withQuery(path: string, query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString()
  return search === '' ? path : `${path}?${search}`
}

/** `https://user:pw@host:port/` → `https://host:port`: no credential, no trailing slash. */
function parseUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw invalidArgument('url', 'an absolute URL, e.g. https://127.0.0.1:8080')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalidArgument('url', "https:// (lnd's REST server)", { received: url.protocol })
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`
}

function toMacaroonHex(macaroon: string | Uint8Array): string {
  if (macaroon instanceof Uint8Array) {
    if (macaroon.length === 0)
      throw invalidArgument('macaroon', 'hex or bytes', { received: '0 bytes' })
    return bytesToHex(macaroon)
  }
  // core's validators never quote the value: a macaroon is safe to check with them.
  assertHex(macaroon, { name: 'macaroon' })
  if (macaroon.length === 0)
    throw invalidArgument('macaroon', 'hex or bytes', { received: 'an empty string' })
  return macaroon.toLowerCase()
}

function toPem(cert: string | Uint8Array): string {
  if (typeof cert === 'string') {
    if (!cert.includes('-----BEGIN CERTIFICATE-----'))
      throw invalidArgument('cert', 'PEM (-----BEGIN CERTIFICATE-----) or bytes')
    return cert
  }
  const text = new TextDecoder().decode(cert.subarray(0, 64))
  return text.includes('-----BEGIN') ? new TextDecoder().decode(cert) : derToPem(cert)
}
