import { AbortedError, type BaseError, fromLndError, redact, TimeoutError } from '@btcfi/core'
import type { Transport, WireStream } from '@btcfi/wire'
import type { LncConnection } from '../connection/createConnection.js'
import { parseGrpcError } from './grpcError.js'
import { invokeRpc, type RpcReply } from './invokeRpc.js'

/**
 * lnd's RPCs through the wasm client as a `Transport`: each RPC's gRPC
 * method with its request message. Before each call the session must be alive
 * and grant the method (`authorize`), so a read-only session refuses a payment
 * without sending anything.
 */
export function lncTransport(
  connection: LncConnection,
  { target, timeoutMs, secrets }: { target: string; timeoutMs: number; secrets: () => string[] },
): Transport & { kind: 'lnc' } {
  const failure = (text: string): BaseError =>
    fromLndError(parseGrpcError(redact(text, secrets()), target))
  const abortedBy = (signal: AbortSignal | undefined) =>
    new AbortedError('The call', { cause: signal?.reason })

  return {
    kind: 'lnc',
    target,
    label: 'LncBackend',

    async unary(route, message, signal) {
      const method = route.grpc
      const wasm = await connection.authorize(method)
      if (signal?.aborted) throw abortedBy(signal)
      const reply = await new Promise<RpcReply>((resolve, reject) => {
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort)
          reject(
            new TimeoutError(`The call ${method} to ${target}`, {
              details: `no answer within ${timeoutMs} ms (timeoutMs)`,
            }),
          )
        }, timeoutMs)
        const onAbort = () => {
          clearTimeout(timer)
          reject(abortedBy(signal))
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        invokeRpc(wasm, method, message, (reply) => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', onAbort)
          resolve(reply)
        })
      })
      if (!reply.ok) throw failure(reply.error)
      return reply.json
    },

    stream(route, message, signal): WireStream {
      const queue: RpcReply[] = []
      let wake: (() => void) | undefined
      let started = false
      let stopped = false
      const onAbort = () => wake?.()
      const start = async () => {
        started = true
        const wasm = await connection.authorize(route.grpc)
        // Stopped or aborted while pairing: nothing is sent (a payment, a close).
        if (stopped || signal?.aborted) return
        signal?.addEventListener('abort', onAbort, { once: true })
        // The wasm client cannot cancel a stream: after a stop or an abort its
        // further messages are dropped here.
        invokeRpc(wasm, route.grpc, message, (reply) => {
          if (stopped) return
          queue.push(reply)
          wake?.()
        })
      }
      const end = () => {
        stopped = true
        queue.length = 0
        signal?.removeEventListener('abort', onAbort)
      }
      return {
        async next() {
          if (!started) await start()
          while (queue.length === 0 && !signal?.aborted && !stopped)
            await new Promise<void>((resolve) => {
              wake = resolve
            })
          if (signal?.aborted || stopped) {
            end()
            return { done: true, value: undefined }
          }
          const reply = queue.shift() as RpcReply
          if (reply.ok) return { done: false, value: reply.json }
          end()
          if (reply.error === 'EOF') return { done: true, value: undefined }
          throw failure(reply.error)
        },
        async stop() {
          end()
        },
      }
    },

    close: () => connection.close(),
  }
}
