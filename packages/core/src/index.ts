// @btcfi/core: types, errors, amounts, BOLT 11, hashes and the node backend contract.

export {
  type AmountUnit,
  btcToMsat,
  formatMsat,
  MAX_MSAT,
  MSAT_PER_BTC,
  MSAT_PER_SAT,
  msatToSat,
  parseAmount,
  type Rounding,
  SAT_PER_BTC,
  satToMsat,
} from './amounts/amounts.js'
export type { Backend, NodeStream } from './backend/Backend.js'
export { type DeadlineSignal, deadlineSignal } from './backend/deadlineSignal.js'
export type {
  AnyRpc,
  CallOptions,
  HttpRule,
  RpcArgs,
  RpcErrorType,
  RpcRoute,
  StreamRpc,
  UnaryRpc,
} from './backend/Rpc.js'
export type {
  DecodedInvoice,
  InvoiceFeature,
  InvoiceFields,
  RouteHintHop,
} from './bolt11/DecodedInvoice.js'
export { decodeInvoice } from './bolt11/decodeInvoice.js'
export { type ReadInvoiceErrorType, readInvoice } from './bolt11/readInvoice.js'
export {
  type ValidateInvoiceErrorType,
  type ValidateInvoiceOptions,
  validateInvoice,
} from './bolt11/validateInvoice.js'
export { type Bolt12Kind, bolt12Kind } from './bolt12/bolt12Kind.js'
export type {
  BlindedHop,
  BlindedPath,
  DecodedOffer,
  IntroductionNode,
  OfferChain,
  OfferUnknownField,
} from './bolt12/DecodedOffer.js'
export { type DecodeOfferErrorType, decodeOffer } from './bolt12/decodeOffer.js'
export {
  constantTimeEqual,
  derivePreimage,
  paymentHashOf,
  randomPreimage,
  sha256Hex,
  verifyPreimage,
} from './crypto/preimage.js'
export {
  base64ToBytes,
  base64ToHex,
  base64UrlToBytes,
  bytesToBase64,
  bytesToBase64Url,
  bytesToHex,
  bytesToUtf8,
  hexToBase64,
  hexToBase64Url,
  hexToBytes,
  utf8ToBytes,
} from './encoding/encoding.js'
export { readAtMost } from './encoding/readAtMost.js'
export { describeValue, InvalidAmountError, InvalidArgumentError } from './errors/argument.js'
export {
  BaseError,
  type BaseErrorOptions,
  type ErrorCode,
  errorCodes,
  hasErrorCode,
  isBaseError,
} from './errors/BaseError.js'
export { ConfigurationError } from './errors/configuration.js'
export type { JsonValue } from './errors/errorToJson.js'
export type { NodeCallErrorType } from './errors/errorTypes.js'
export { fromLndError, type LndErrorInput, lndErrorRules } from './errors/fromLndError.js'
export {
  InvoiceAmountError,
  InvoiceDecodeError,
  InvoiceExpiredError,
  InvoiceNetworkError,
  InvoiceStateError,
} from './errors/invoice.js'
export { L402Error, type L402Problem } from './errors/l402.js'
export { LncPairingError, LncSessionExpiredError } from './errors/lnc.js'
export {
  LnurlInsecureError,
  LnurlInvalidError,
  LnurlResponseError,
  type LnurlResponseProblem,
  LnurlServiceError,
} from './errors/lnurl.js'
export {
  AbortedError,
  AlreadyExistsError,
  NodeError,
  NodeUnreachableError,
  NotFoundError,
  PermissionDeniedError,
  ProtocolError,
  TimeoutError,
  WalletLockedError,
} from './errors/node.js'
export { OfferDecodeError } from './errors/offer.js'
export {
  AlreadyPaidError,
  InsufficientBalanceError,
  NoRouteError,
  PaymentFailedError,
  PaymentInFlightError,
} from './errors/payment.js'
export { redact } from './errors/redact.js'
export { UnsupportedError } from './errors/unsupported.js'
export { allowsPlainHttp, assertLnurlUrl, isOnionHost } from './lnurl/assertLnurlUrl.js'
export { encodeLnurl } from './lnurl/encodeLnurl.js'
export {
  type LnurlTarget,
  MAX_LNURL_LENGTH,
  type ReadLnurlErrorType,
  readLnurl,
} from './lnurl/readLnurl.js'
export {
  type LnurlMetadata,
  lnurlDescriptionHash,
  readLnurlMetadata,
} from './lnurl/readLnurlMetadata.js'
export {
  decryptSuccessAction,
  encryptSuccessAction,
  type LnurlSuccessAction,
  MAX_SUCCESS_TEXT,
  readSuccessAction,
} from './lnurl/successAction.js'
export { isFinalInvoice } from './states/isFinalInvoice.js'
export { isFinalPayment } from './states/isFinalPayment.js'
export type {
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
  ForwardingEvent,
  ForwardingHistoryRequest,
  ForwardingPage,
  Hex,
  HtlcAttempt,
  HtlcAttemptStatus,
  HtlcState,
  Invoice,
  InvoiceHtlc,
  InvoicePage,
  InvoiceState,
  ListInvoicesRequest,
  ListPaymentsRequest,
  ListTransactionsRequest,
  Network,
  NodeInfo,
  OnchainBalance,
  OnchainTransaction,
  OpenChannelRequest,
  Payment,
  PaymentFailureReason,
  PaymentPage,
  PaymentStatus,
  Peer,
  PendingChannel,
  PendingHtlc,
  QueryRoutesRequest,
  Route,
  RouteFeeEstimate,
  RouteHop,
  SendCoinsRequest,
  SendPaymentRequest,
  SentCoins,
  SignedMessage,
  SubscribeInvoicesRequest,
  TransactionOutput,
  VerifiedMessage,
} from './types/index.js'
export { isLocalHost } from './validate/isLocalHost.js'
export { isLoopbackHost } from './validate/isLoopbackHost.js'
export {
  type AssertAmountErrorType,
  type AssertErrorType,
  assertAmount,
  assertHash,
  assertHex,
  assertInteger,
  assertObject,
  assertPositiveMsat,
  assertPubkey,
} from './validate/validate.js'
