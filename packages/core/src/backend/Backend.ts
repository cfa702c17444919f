import type { ErrorCode } from '../errors/BaseError.js'
import type { RpcArgs, StreamRpc, UnaryRpc } from './Rpc.js'

/**
 * A server stream from the node. Iterate it with `for await`; it ends when the
 * node ends the stream, and throws a `BaseError` when the node sends an error
 * or the connection drops. Aborting the signal passed to the call ends it
 * quietly.
 */
export type NodeStream<T> = AsyncIterable<T>

/**
 * The contract every node transport implements (LND REST, Lightning Node
 * Connect): it runs lnd's RPCs, each described by an entry of `@btcfi/wire`'s
 * `rpcs` (route, request message, reply mapping). Every value is typed:
 * amounts as bigint, hashes as lowercase hex, times as `Date`. Failures are
 * `BaseError` subclasses mapped by `fromLndError`.
 *
 * The backend holds no list of RPCs: a caller passes the entry it needs, so an
 * app bundles only the RPCs it calls.
 *
 * @example
 * import { rpcs } from '@btcfi/wire'
 * const info = await backend.call(rpcs.getInfo)
 * const invoice = await backend.call(rpcs.lookupInvoice, paymentHash, { signal })
 * for await (const update of backend.stream(rpcs.trackPayment, paymentHash)) console.log(update.status)
 */
export interface Backend {
  /** A short name of the transport, e.g. `lnd-rest` or `lnc`. */
  readonly kind: string
  /** Where the node is, without any credential (for logs and errors). */
  readonly target: string

  /** Runs a unary RPC: checks the request, sends it, maps the reply. Always rejects, never throws. */
  call<Req, T>(rpc: UnaryRpc<Req, T, ErrorCode>, ...args: RpcArgs<NoInfer<Req>>): Promise<T>
  /** Opens a server-streaming RPC. Never retried by the transport. */
  stream<Req, T>(rpc: StreamRpc<Req, T, ErrorCode>, ...args: RpcArgs<NoInfer<Req>>): NodeStream<T>

  /** Releases connections held by the transport. */
  close?(): Promise<void>
}
