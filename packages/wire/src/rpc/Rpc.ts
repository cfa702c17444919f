import type { Backend, CallOptions, ErrorCode } from '@btcfi/core'

/** The backend's RPCs: every method of `Backend` but its name, target and `close`. */
export type RpcName = Exclude<keyof Backend, 'kind' | 'target' | 'close'>

/** What a backend method takes before its options: `undefined` when it takes nothing. */
export type RequestOf<K extends RpcName> =
  [options?: CallOptions] extends Parameters<Backend[K]> ? undefined : Parameters<Backend[K]>[0]

/** What a backend method gives: a unary call's result, or each message of a stream. */
export type ResultOf<K extends RpcName> =
  ReturnType<Backend[K]> extends Promise<infer T>
    ? T
    : ReturnType<Backend[K]> extends AsyncIterable<infer T>
      ? T
      : never

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

interface RpcEntry<Req, T> extends RpcRoute {
  /**
   * The request message as lnd's JSON (proto field names, int64 as decimal
   * strings, bytes as base64); absent: `{}`. Checks the request first: a bad
   * one throws `InvalidArgumentError` and nothing is sent.
   */
  message?(request: Req): object
  /** lnd's reply (or one message of a stream) → the result; undefined skips a stream message. */
  map(wire: never, request: Req): T | undefined
}

/** A unary RPC. */
export interface UnaryRpc<Req, T> extends RpcEntry<Req, T> {
  map(wire: never, request: Req): T
  /** An error of lnd that means the goal is already met (a peer already connected): the call resolves. */
  readonly metBy?: T extends void ? ErrorCode : never
}

/** A server-streaming RPC. */
export interface StreamRpc<Req, T> extends RpcEntry<Req, T> {
  /**
   * Whether the stream may end after `last` (undefined: nothing came). lnd
   * ends its streams only after a final message, or when it shuts down: an end
   * anywhere else is a dropped connection.
   */
  isFinal(last: T | undefined): boolean
}

/** A `message` builder exactly when the method takes a request: `backendFrom` reads its arity from it. */
type MessageOf<Req> = [Req] extends [undefined]
  ? { readonly message?: never }
  : { message(request: Req): object }

/** One entry per RPC of `Backend`: unary or stream, as the method's return type says. */
export type RpcTable = {
  readonly [K in RpcName]: (ReturnType<Backend[K]> extends Promise<unknown>
    ? UnaryRpc<RequestOf<K>, ResultOf<K>>
    : StreamRpc<RequestOf<K>, ResultOf<K>>) &
    MessageOf<RequestOf<K>>
}
