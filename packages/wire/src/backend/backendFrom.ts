import {
  AbortedError,
  type AnyRpc,
  type Backend,
  BaseError,
  type CallOptions,
  describeValue,
  type ErrorCode,
  InvalidArgumentError,
  isBaseError,
  NodeUnreachableError,
  ProtocolError,
  type StreamRpc,
  type UnaryRpc,
} from '@btcfi/core'
import type { Transport } from '../transport/Transport.js'

const inspect = Symbol.for('nodejs.util.inspect.custom')

/** A backend as it prints: its kind and target, never a credential. */
export interface Printable {
  toJSON(): { kind: string; target: string }
  toString(): string
}

/**
 * The `Backend` over a transport: `call` and `stream` run any entry of
 * `rpcs`. Each checks its request before anything is sent, maps lnd's reply,
 * and fails only with core errors. A unary call always rejects (never
 * throws), an abort gives `AbortedError` with the signal's reason as its
 * cause, and a stream that lnd ends before its final message throws
 * `NodeUnreachableError` (lnd ends its streams early only when it shuts
 * down). `lnd()` and `lnc()` are this over their transports.
 *
 * The backend holds no list of RPCs: the caller passes the entry, so an app
 * bundles only the entries it uses.
 *
 * @example
 * const backend = backendFrom(myTransport)
 * const info = await backend.call(rpcs.getInfo)
 */
export function backendFrom<Kind extends string>(
  transport: Transport & { readonly kind: Kind },
): Backend & Printable & { readonly kind: Kind; close(): Promise<void> } {
  const { kind, target, label } = transport
  const backend = {
    kind,
    target,
    call: (rpc: AnyRpc, request?: unknown, options?: CallOptions) =>
      isStream(rpc) === false
        ? unary(transport, rpc as UnaryRpc<unknown, unknown, ErrorCode>, request, options)
        : Promise.reject(notA('unary', rpc)),
    stream: (rpc: AnyRpc, request?: unknown, options?: CallOptions) =>
      isStream(rpc) === true
        ? stream(transport, rpc as StreamRpc<unknown, unknown, ErrorCode>, request, options)
        : refused(notA('streaming', rpc)),
    close: () => transport.close(),
    toJSON: () => ({ kind, target }),
    toString: () => `${label}(${target})`,
    [inspect]: () => `${label} { kind: '${kind}', target: '${target}' }`,
  }
  return backend as Backend & Printable & { readonly kind: Kind; close(): Promise<void> }
}

/** Whether `rpc` is a stream entry, a unary one, or (undefined) no entry at all. */
function isStream(rpc: unknown): boolean | undefined {
  if (typeof rpc !== 'object' || rpc === null) return undefined
  const { grpc, map, isFinal } = rpc as Partial<Record<keyof AnyRpc | 'isFinal', unknown>>
  if (typeof grpc !== 'string' || typeof map !== 'function') return undefined
  return typeof isFinal === 'function'
}

function notA(kind: 'unary' | 'streaming', rpc: unknown): InvalidArgumentError {
  const received =
    isStream(rpc) === undefined
      ? describeValue(rpc)
      : `${(rpc as AnyRpc).grpc}, a ${kind === 'unary' ? 'streaming' : 'unary'} one`
  return new InvalidArgumentError('rpc', `a ${kind} RPC entry of rpcs`, { received })
}

/** A stream that fails on its first read. */
// biome-ignore lint/correctness/useYield: it only throws
async function* refused(error: Error): AsyncGenerator<never, void, undefined> {
  throw error
}

async function unary(
  transport: Transport,
  rpc: UnaryRpc<unknown, unknown, ErrorCode>,
  request: unknown,
  options: CallOptions | undefined,
): Promise<unknown> {
  const signal = options?.signal
  if (signal?.aborted) throw new AbortedError('The call', { cause: signal.reason })
  const message = messageOf(rpc, request)
  let wire: unknown
  try {
    wire = await transport.unary(rpc, message, signal)
  } catch (error) {
    if (rpc.metBy !== undefined && isBaseError(error) && error.code === rpc.metBy) return undefined
    throw error
  }
  return mapped(rpc, wire, request)
}

async function* stream(
  transport: Transport,
  rpc: StreamRpc<unknown, unknown, ErrorCode>,
  request: unknown,
  options: CallOptions | undefined,
): AsyncGenerator<unknown, void, undefined> {
  const signal = options?.signal
  if (signal?.aborted) return
  const message = messageOf(rpc, request)
  const wire = transport.stream(rpc, message, signal)
  let last: unknown
  let ended = false
  try {
    for (;;) {
      let next: IteratorResult<unknown, void>
      try {
        next = await wire.next()
      } catch (error) {
        // lnd cancels its streams (gRPC CANCELED) as it shuts down, as often
        // as it ends them: unless the caller aborted, the node went away.
        if (!signal?.aborted && isBaseError(error) && error.code === 'ABORTED')
          throw new NodeUnreachableError(transport.target, {
            details: `lnd canceled the stream ${rpc.grpc} (it does when it shuts down)`,
            cause: error,
          })
        throw error
      }
      if (next.done) break
      const value = mapped(rpc, next.value, request)
      if (value !== undefined) {
        last = value
        yield value
      }
    }
    ended = true
  } finally {
    if (!ended) await wire.stop(rpc.isFinal(last))
  }
  if (!signal?.aborted && !rpc.isFinal(last))
    throw new NodeUnreachableError(transport.target, {
      details: `lnd ended the stream ${rpc.grpc} before its final message (lnd ends its streams cleanly when it shuts down)`,
    })
}

/** The request message, checked: a request the builder cannot read is an `InvalidArgumentError`. */
function messageOf(rpc: AnyRpc, request: unknown): object {
  if (rpc.message === undefined) return {}
  try {
    return rpc.message(request)
  } catch (error) {
    throw isBaseError(error)
      ? error
      : new InvalidArgumentError('request', `a request lnd's ${rpc.grpc} can take`, {
          cause: error,
        })
  }
}

function mapped(rpc: AnyRpc, wire: unknown, request: unknown): unknown {
  try {
    return rpc.map(wire as never, request)
  } catch (error) {
    throw error instanceof BaseError
      ? error
      : new ProtocolError(`lnd's reply to ${rpc.grpc} is not as expected`, { cause: error })
  }
}
