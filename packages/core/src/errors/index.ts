export { describeValue, InvalidAmountError, InvalidArgumentError } from './argument.js'
export {
  BaseError,
  type BaseErrorOptions,
  type ErrorCode,
  errorCodes,
  hasErrorCode,
  isBaseError,
} from './BaseError.js'
export { ConfigurationError } from './configuration.js'
export type { JsonValue } from './errorToJson.js'
export { fromLndError, type LndErrorInput, lndErrorRules } from './fromLndError.js'
export {
  InvoiceAmountError,
  InvoiceDecodeError,
  InvoiceExpiredError,
  InvoiceNetworkError,
  InvoiceStateError,
} from './invoice.js'
export { LncPairingError, LncSessionExpiredError } from './lnc.js'
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
} from './node.js'
export {
  AlreadyPaidError,
  InsufficientBalanceError,
  NoRouteError,
  PaymentFailedError,
  PaymentInFlightError,
} from './payment.js'
export { redact } from './redact.js'
