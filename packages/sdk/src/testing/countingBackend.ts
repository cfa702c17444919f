import type { AnyRpc, Backend, CallOptions, NodeStream } from '@btcfi/core'
import { rpcNameOf } from '@btcfi/wire'

/** Wraps a backend and records the RPC name of every call made through it. */
export function countingBackend(backend: Backend): { backend: Backend; calls: string[] } {
  const calls: string[] = []
  const record = (rpc: AnyRpc) => calls.push(rpcNameOf(rpc) ?? rpc.grpc)
  const counted = {
    ...backend,
    call: (rpc: AnyRpc, request?: unknown, options?: CallOptions) => {
      record(rpc)
      return (backend.call as (...args: unknown[]) => Promise<unknown>)(rpc, request, options)
    },
    stream: (rpc: AnyRpc, request?: unknown, options?: CallOptions) => {
      record(rpc)
      return (backend.stream as (...args: unknown[]) => NodeStream<unknown>)(rpc, request, options)
    },
  }
  return { backend: counted as Backend, calls }
}
