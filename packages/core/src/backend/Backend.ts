import type {
  AddedInvoice,
  AddHoldInvoiceRequest,
  AddInvoiceRequest,
  AddressType,
  Channel,
  ChannelBackup,
  ChannelBackupInput,
  ChannelBackupSnapshot,
  ChannelBalance,
  ChannelPoint,
  CloseChannelRequest,
  CloseChannelUpdate,
  ClosedChannel,
  ForwardingHistoryRequest,
  ForwardingPage,
  Hex,
  Invoice,
  InvoicePage,
  ListInvoicesRequest,
  ListPaymentsRequest,
  NodeInfo,
  OnchainBalance,
  OpenChannelRequest,
  Payment,
  PaymentPage,
  Peer,
  PendingChannel,
  QueryRoutesRequest,
  Route,
  RouteFeeEstimate,
  SendCoinsRequest,
  SendPaymentRequest,
  SentCoins,
  SignedMessage,
  SubscribeInvoicesRequest,
  VerifiedMessage,
} from '../types/index.js'

/** Options every backend call accepts. */
export interface CallOptions {
  /** Aborts the call (or ends the stream). */
  signal?: AbortSignal
}

/**
 * A server stream from the node. Iterate it with `for await`; it ends when the
 * node ends the stream, and throws a `BaseError` when the node sends an error
 * or the connection drops. Aborting the signal passed to the call ends it
 * quietly.
 */
export type NodeStream<T> = AsyncIterable<T>

/**
 * The contract every node transport implements (LND REST, Lightning Node
 * Connect). Methods are named after lnd's RPCs, and each takes at most one
 * request before its options; every value is already typed:
 * amounts as bigint, hashes as lowercase hex, times as `Date`. Failures are
 * thrown as `BaseError` subclasses mapped by `fromLndError`.
 *
 * A backend is a plain description of how to reach a node; the client built
 * on it adds validation, idempotency and reconnection.
 */
export interface Backend {
  /** A short name of the transport, e.g. `lnd-rest` or `lnc`. */
  readonly kind: string
  /** Where the node is, without any credential (for logs and errors). */
  readonly target: string

  getInfo(options?: CallOptions): Promise<NodeInfo>
  walletBalance(options?: CallOptions): Promise<OnchainBalance>
  channelBalance(options?: CallOptions): Promise<ChannelBalance>

  addInvoice(request: AddInvoiceRequest, options?: CallOptions): Promise<AddedInvoice>
  lookupInvoice(paymentHash: Hex, options?: CallOptions): Promise<Invoice>
  listInvoices(request: ListInvoicesRequest, options?: CallOptions): Promise<InvoicePage>
  /** Current state first, then each change; ends after SETTLED or CANCELED. */
  subscribeSingleInvoice(paymentHash: Hex, options?: CallOptions): NodeStream<Invoice>
  /** Adds and settlements of all invoices (lnd reports neither ACCEPTED nor CANCELED here). */
  subscribeInvoices(request: SubscribeInvoicesRequest, options?: CallOptions): NodeStream<Invoice>

  addHoldInvoice(request: AddHoldInvoiceRequest, options?: CallOptions): Promise<AddedInvoice>
  settleInvoice(preimage: Hex, options?: CallOptions): Promise<void>
  cancelInvoice(paymentHash: Hex, options?: CallOptions): Promise<void>

  /** Sends a payment and streams its updates. Never retried by the transport. */
  sendPayment(request: SendPaymentRequest, options?: CallOptions): NodeStream<Payment>
  /** Streams the updates of a payment already sent, from its current state. */
  trackPayment(paymentHash: Hex, options?: CallOptions): NodeStream<Payment>
  estimateRouteFee(
    request:
      | { dest: Hex; amountMsat: bigint }
      | { paymentRequest: string; timeoutSeconds?: number },
    options?: CallOptions,
  ): Promise<RouteFeeEstimate>
  queryRoutes(request: QueryRoutesRequest, options?: CallOptions): Promise<Route[]>
  /** One page of the payments this node sent, oldest first. */
  listPayments(request: ListPaymentsRequest, options?: CallOptions): Promise<PaymentPage>
  /** One page of the HTLCs this node forwarded, oldest first. */
  forwardingHistory(
    request: ForwardingHistoryRequest,
    options?: CallOptions,
  ): Promise<ForwardingPage>

  listChannels(options?: CallOptions): Promise<Channel[]>
  pendingChannels(options?: CallOptions): Promise<PendingChannel[]>
  closedChannels(options?: CallOptions): Promise<ClosedChannel[]>
  openChannel(request: OpenChannelRequest, options?: CallOptions): Promise<ChannelPoint>
  closeChannel(request: CloseChannelRequest, options?: CallOptions): NodeStream<CloseChannelUpdate>

  /** The static channel backups of every open channel. */
  exportAllChannelBackups(options?: CallOptions): Promise<ChannelBackupSnapshot>
  /** The static channel backup of one open channel. */
  exportChannelBackup(channelPoint: ChannelPoint, options?: CallOptions): Promise<ChannelBackup>
  /** Checks that the node can decrypt and read a backup; resolves with the channels it holds. */
  verifyChanBackup(backup: ChannelBackupInput, options?: CallOptions): Promise<ChannelPoint[]>
  /** Restores channels from a backup: the node asks each peer to close, and sweeps its funds. Resolves with how many it restored. */
  restoreChannelBackups(backup: ChannelBackupInput, options?: CallOptions): Promise<number>
  /** A new snapshot each time a channel opens or closes. Endless. */
  subscribeChannelBackups(options?: CallOptions): NodeStream<ChannelBackupSnapshot>

  connectPeer(request: { pubkey: Hex; host: string }, options?: CallOptions): Promise<void>
  listPeers(options?: CallOptions): Promise<Peer[]>

  newAddress(type: AddressType, options?: CallOptions): Promise<string>
  sendCoins(request: SendCoinsRequest, options?: CallOptions): Promise<SentCoins>

  signMessage(message: Uint8Array, options?: CallOptions): Promise<SignedMessage>
  verifyMessage(
    request: { message: Uint8Array; signature: string },
    options?: CallOptions,
  ): Promise<VerifiedMessage>

  /** Releases connections held by the transport. */
  close?(): Promise<void>
}
