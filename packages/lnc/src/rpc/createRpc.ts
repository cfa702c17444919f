import {
  AbortedError,
  BaseError,
  type CallOptions,
  fromLndError,
  NodeUnreachableError,
  ProtocolError,
  redact,
  TimeoutError,
} from '@btcfi/core'
import type { LncConnection } from '../connection/createConnection.js'
import { parseGrpcError } from './grpcError.js'
import { invokeRpc, type RpcReply } from './invokeRpc.js'

/** Unary calls and server streams of lnd's RPCs through the wasm client. */
export interface Rpc {
  call<W, T>(
    method: string,
    request: unknown,
    map: (wire: W) => T,
    options?: CallOptions,
  ): Promise<T>
  stream<W, T>(
    method: string,
    request: unknown,
    map: (wire: W) => T | undefined,
    complete: (last: T | undefined) => boolean,
    options?: CallOptions,
  ): AsyncGenerator<T, void, undefined>
}

export function createRpc(
  connection: LncConnection,
  { target, timeoutMs, secrets }: { target: string; timeoutMs: number; secrets: () => string[] },
): Rpc {
  const failure = (text: string): BaseError =>
    fromLndError(parseGrpcError(redact(text, secrets()), target))
  const mapped = <W, T>(method: string, map: (wire: W) => T, json: unknown): T => {
    try {
      return map(json as W)
    } catch (error) {
      throw error instanceof BaseError
        ? error
        : new ProtocolError(`lnd's reply to ${method} is not as expected`, { cause: error })
    }
  }

  return {
    async call(method, request, map, options) {
      const signal = options?.signal
      if (signal?.aborted) throw new AbortedError('The call', { cause: signal.reason })
      const wasm = await connection.authorize(method)
      if (signal?.aborted) throw new AbortedError('The call', { cause: signal.reason })
      const reply = await new Promise<RpcReply>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new TimeoutError(`The call ${method} to ${target}`, {
                details: `no answer within ${timeoutMs} ms (timeoutMs)`,
              }),
            ),
          timeoutMs,
        )
        const onAbort = () => {
          clearTimeout(timer)
          reject(new AbortedError('The call', { cause: signal?.reason }))
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        invokeRpc(wasm, method, request, (reply) => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', onAbort)
          resolve(reply)
        })
      })
      if (!reply.ok) throw failure(reply.error)
      return mapped(method, map, reply.json)
    },

    async *stream(method, request, map, complete, options) {
      const signal = options?.signal
      if (signal?.aborted) return
      const wasm = await connection.authorize(method)
      const queue: RpcReply[] = []
      let wake: (() => void) | undefined
      const onAbort = () => wake?.()
      signal?.addEventListener('abort', onAbort, { once: true })
      // The wasm client cannot cancel a stream: after an abort its further
      // messages are dropped here.
      invokeRpc(wasm, method, request, (reply) => {
        queue.push(reply)
        wake?.()
      })
      let last: ReturnType<typeof map>
      try {
        for (;;) {
          while (queue.length === 0 && !signal?.aborted)
            await new Promise<void>((resolve) => {
              wake = resolve
            })
          if (signal?.aborted) return
          const reply = queue.shift()!
          if (!reply.ok) {
            if (reply.error === 'EOF') break
            throw failure(reply.error)
          }
          const value = mapped(method, map, reply.json)
          if (value !== undefined) {
            last = value
            yield value
          }
        }
      } finally {
        signal?.removeEventListener('abort', onAbort)
      }
      if (!complete(last))
        throw new NodeUnreachableError(target, {
          details: `lnd ended the stream ${method} before its final message`,
        })
    },
  }
}
