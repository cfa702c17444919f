import type { ErrorCode } from '../errors/BaseError.js'
import type { NodeCallErrorType } from '../errors/errorTypes.js'

/** Options every backend call accepts. */
export interface CallOptions {
  /** Aborts the call (or ends the stream). */
  signal?: AbortSignal
}

/**
 * lnd's HTTP rule for an RPC, as its `lightning.yaml` writes it: `GET
 * v1/invoice/{r_hash_str}`. A `{field}` (or `{field.sub}`) takes the request
 * message's field; of the rest, a GET or DELETE sends them as the query, a
 * POST as the JSON body.
 */
export type HttpRule = `${'GET' | 'POST' | 'DELETE'} ${string}`

/** The route of one RPC: what a transport needs to send it. */
export interface RpcRoute {
  /** lnd's gRPC method, as LNC and lnd's permissions name it: `lnrpc.Lightning.GetInfo`. */
  readonly grpc: string
  /** lnd's REST route of the same RPC. */
  readonly http: HttpRule
  /**
   * Sent once, even as a GET: each call changes something (a new address is
   * derived), so a transport never repeats it.
   */
  readonly once?: true
}

interface RpcEntry<Req, T, E extends ErrorCode> extends RpcRoute {
  /**
   * The request message as lnd's JSON (proto field names, int64 as decimal
   * strings, bytes as base64). Absent exactly when the RPC takes no request
   * (the message is `{}`). Checks the request first: a bad one throws
   * `InvalidArgumentError` and nothing is sent.
   */
  readonly message?: (request: Req) => object
  /** lnd's reply (or one message of a stream) → the result; undefined skips a stream message. */
  readonly map: (wire: never, request: Req) => T | undefined
  /**
   * Type only, never set: the codes this RPC adds to `NodeCallErrorType` (its
   * request checks and lnd's answers that `fromLndError` maps for it).
   */
  readonly '~errors'?: E
}

/**
 * One unary RPC of lnd: a request, one reply. `Backend.call` sends it.
 *
 * @typeParam Req - what the caller passes (`undefined`: nothing)
 * @typeParam T - the mapped reply
 * @typeParam E - the error codes it adds to `NodeCallErrorType`
 */
export interface UnaryRpc<Req, T, E extends ErrorCode = never> extends RpcEntry<Req, T, E> {
  readonly map: (wire: never, request: Req) => T
  /** An error of lnd that means the goal is already met (a peer already connected): the call resolves. */
  readonly metBy?: T extends void ? ErrorCode : never
}

/** One server-streaming RPC of lnd: a request, then messages until a final one. `Backend.stream` opens it. */
export interface StreamRpc<Req, T, E extends ErrorCode = never> extends RpcEntry<Req, T, E> {
  /**
   * Whether the stream may end after `last` (undefined: nothing came). lnd
   * ends its streams only after a final message, or when it shuts down: an end
   * anywhere else is a dropped connection.
   */
  readonly isFinal: (last: T | undefined) => boolean
}

/** Any RPC entry. */
// biome-ignore lint/suspicious/noExplicitAny: the widest entry, for code that only routes it
export type AnyRpc = UnaryRpc<any, unknown, ErrorCode> | StreamRpc<any, unknown, ErrorCode>

/** What a call of `rpc` takes after it: its request (none when it takes none), then the options. */
export type RpcArgs<Req> = [Req] extends [undefined]
  ? [request?: undefined, options?: CallOptions]
  : [request: Req, options?: CallOptions]

/**
 * Every code a call of these RPCs can fail with.
 *
 * @example
 * export type GetInvoiceErrorType = RpcErrorType<typeof rpcs.lookupInvoice>
 */
export type RpcErrorType<R extends AnyRpc> =
  | NodeCallErrorType
  | (R extends { readonly '~errors'?: infer E } ? Exclude<E, undefined> : never)
