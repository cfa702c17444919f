import { InvalidArgumentError } from './argument.js'
import type { BaseError } from './BaseError.js'
import { InvoiceDecodeError, InvoiceExpiredError, InvoiceStateError } from './invoice.js'
import {
  AbortedError,
  AlreadyExistsError,
  NodeError,
  NodeUnreachableError,
  NotFoundError,
  PermissionDeniedError,
  TimeoutError,
  WalletLockedError,
} from './node.js'
import {
  AlreadyPaidError,
  InsufficientBalanceError,
  NoRouteError,
  PaymentInFlightError,
} from './payment.js'

/** An error as lnd reports it, over REST (`{code, message}` body or stream line) or gRPC. */
export interface LndErrorInput {
  message: string
  /** gRPC status code (lnd's REST bodies carry it as `code`). */
  grpcCode?: number
  httpStatus?: number
  /** Where the node is, without credentials. */
  target?: string
}

interface Rule {
  /** Matched against lnd's message (case-insensitive), or the gRPC code. */
  match: RegExp | ((input: LndErrorInput) => boolean)
  make: (input: LndErrorInput) => BaseError
}

const grpc = (code: number) => (input: LndErrorInput) => input.grpcCode === code

/**
 * lnd's errors, most specific first. The one place where what lnd says maps
 * into the SDK's hierarchy: both the REST and the LNC backends use it.
 */
export const lndErrorRules: readonly Rule[] = [
  // Macaroons and wallet state.
  {
    match:
      /permission denied|verification failed|expected 1 macaroon|cannot get macaroon|macaroon .*(invalid|expired|not authorized)|invalid macaroon|unmarshal v2/i,
    make: ({ message }) => new PermissionDeniedError(message),
  },
  {
    match: /wallet locked|unlock it to enable full RPC access|wallet not (yet )?unlocked/i,
    make: () => new WalletLockedError(),
  },
  {
    match:
      /in the process of starting up|server is still in the process of starting|not yet ready to accept calls/i,
    make: ({ target, message }) =>
      new NodeUnreachableError(target ?? 'the node', { details: message }),
  },
  // Payments.
  { match: /invoice is already paid|already paid/i, make: () => new AlreadyPaidError() },
  {
    match: /payment is in transition|already in flight|payment in flight/i,
    make: () => new PaymentInFlightError(),
  },
  {
    match: /invoice expired|invoice is expired/i,
    make: ({ message }) => new InvoiceExpiredError(undefined, { cause: message }),
  },
  {
    match: /unable to find a path|no route|unable to route|route not found|no_route/i,
    make: ({ message }) => new NoRouteError({ details: message }),
  },
  {
    match:
      /insufficient (local )?balance|insufficient funds|not enough (witness outputs|balance|funds)|insufficient_balance/i,
    make: ({ message }) => new InsufficientBalanceError({ details: message }),
  },
  // Invoices.
  {
    match: /invoice with payment hash already exists|invoice already exists|already exists/i,
    make: ({ message }) => new AlreadyExistsError('The invoice', { details: message }),
  },
  {
    match: /already connected to peer/i,
    make: ({ message }) => new AlreadyExistsError('The peer connection', { details: message }),
  },
  {
    match:
      /invoice still open|invoice already settled|invoice already canceled|invoice already accepted|invoice not accepted|cannot (settle|cancel)/i,
    make: ({ message }) =>
      new InvoiceStateError(`The hold invoice is in the wrong state: ${message}.`),
  },
  {
    match:
      /unable to locate invoice|there are no existing invoices|invoice not found|payment isn.t initiated|payment not found|unable to find (channel|payment|invoice)|channel not found/i,
    make: ({ message }) => new NotFoundError(notFoundSubject(message), { details: message }),
  },
  {
    match:
      /checksum failed|invalid payment request|unable to decode payment request|invalid bech32|invalid index of/i,
    make: ({ message }) => new InvoiceDecodeError(message),
  },
  {
    match:
      /invalid hash length|encoding\/hex|illegal base64|invalid (pubkey|public key|payment hash|argument|length)/i,
    make: ({ message }) =>
      new InvalidArgumentError('request', 'what lnd accepts', { received: message }),
  },
  // gRPC status codes, for everything not matched by its message.
  { match: grpc(1), make: ({ message }) => new AbortedError('The call', { cause: message }) },
  {
    match: grpc(3),
    make: ({ message }) =>
      new InvalidArgumentError('request', 'what lnd accepts', { received: message }),
  },
  { match: grpc(4), make: ({ message }) => new TimeoutError('The call', { details: message }) },
  { match: grpc(5), make: ({ message }) => new NotFoundError('The object', { details: message }) },
  {
    match: grpc(6),
    make: ({ message }) => new AlreadyExistsError('The object', { details: message }),
  },
  { match: grpc(7), make: ({ message }) => new PermissionDeniedError(message) },
  { match: grpc(16), make: ({ message }) => new PermissionDeniedError(message) },
  {
    match: grpc(14),
    make: ({ target, message }) =>
      new NodeUnreachableError(target ?? 'the node', { details: message }),
  },
]

function notFoundSubject(message: string): string {
  if (/invoice/i.test(message)) return 'The invoice'
  if (/payment/i.test(message)) return 'The payment'
  if (/channel/i.test(message)) return 'The channel'
  return 'The object'
}

/**
 * Maps an error lnd returned to the SDK's error of the same meaning; anything
 * unknown becomes a `NodeError` that keeps lnd's code and message.
 *
 * @example
 * fromLndError({ grpcCode: 2, message: 'permission denied' }).code // 'PERMISSION_DENIED'
 */
export function fromLndError(input: LndErrorInput): BaseError {
  for (const rule of lndErrorRules) {
    const matched =
      typeof rule.match === 'function' ? rule.match(input) : rule.match.test(input.message)
    if (matched) return rule.make(input)
  }
  return new NodeError(input.message || `HTTP ${input.httpStatus ?? '?'}`, {
    ...(input.grpcCode === undefined ? {} : { grpcCode: input.grpcCode }),
    ...(input.httpStatus === undefined ? {} : { httpStatus: input.httpStatus }),
  })
}
