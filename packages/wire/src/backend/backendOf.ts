import {
  type AnyRpc,
  type Backend,
  type CallOptions,
  type ErrorCode,
  NodeError,
  type StreamRpc,
  type UnaryRpc,
} from '@btcfi/core'
import * as rpcs from '../rpcs/index.js'

type Rpcs = typeof rpcs

/** The name of an RPC in `rpcs`: `getInfo`, `sendPayment`… */
export type RpcName = keyof Rpcs

/** What answers one RPC in `backendOf`: the request (undefined when it takes none) and the call's options. */
export type RpcHandler<R> =
  R extends StreamRpc<infer Req, infer T, ErrorCode>
    ? (request: Req, options: CallOptions) => AsyncIterable<T>
    : R extends UnaryRpc<infer Req, infer T, ErrorCode>
      ? (request: Req, options: CallOptions) => T | Promise<T>
      : never

/** Handlers by RPC name, each optional. */
export type RpcHandlers = { readonly [K in RpcName]?: RpcHandler<Rpcs[K]> }

const names = new Map<AnyRpc, RpcName>(
  (Object.entries(rpcs) as [RpcName, AnyRpc][]).map(([name, rpc]) => [rpc, name]),
)

/**
 * A `Backend` answered by plain functions, one per RPC name: a stand-in node
 * for an app's tests. An RPC without a handler rejects (or its stream throws)
 * with `NodeError`, as lnd does for a method it does not serve; a handler's
 * synchronous throw is a rejection too. `calls` lists the RPCs called, in
 * order.
 *
 * @example
 * const backend = backendOf({ getInfo: () => ({ alias: 'test', ...rest }) })
 * const client = createClient({ backend, network: 'regtest' })
 */
export function backendOf(
  handlers: RpcHandlers,
  { kind = 'fake', target = 'fake://node' }: { kind?: string; target?: string } = {},
): Backend & { readonly calls: readonly RpcName[] } {
  const calls: RpcName[] = []
  const handlerOf = (rpc: AnyRpc) => {
    const name = names.get(rpc)
    const handler = name === undefined ? undefined : handlers[name]
    if (name === undefined || handler === undefined)
      throw new NodeError(`unknown method ${rpc.grpc} (this backend has no handler for it)`)
    calls.push(name)
    return handler as (request: unknown, options: CallOptions) => unknown
  }
  return {
    kind,
    target,
    calls,
    call: async (rpc: AnyRpc, request?: unknown, options: CallOptions = {}) =>
      handlerOf(rpc)(request, options),
    stream: async function* (rpc: AnyRpc, request?: unknown, options: CallOptions = {}) {
      yield* handlerOf(rpc)(request, options) as AsyncIterable<unknown>
    },
  } as Backend & { readonly calls: readonly RpcName[] }
}

/** The name of an entry of `rpcs` (undefined for an RPC from elsewhere): for logs and counters. */
export function rpcNameOf(rpc: AnyRpc): RpcName | undefined {
  return names.get(rpc)
}
