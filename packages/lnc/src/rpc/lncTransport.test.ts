import type { RpcRoute } from '@btcfi/core'
import type { WireStream } from '@btcfi/wire'
import { describe, expect, it } from 'vitest'
import type { LncConnection } from '../connection/createConnection.js'
import { lncTransport } from './lncTransport.js'
import type { WasmClient } from './WasmClient.js'

/** A wasm client that answers each method with the scripted replies. */
function fakeWasm(script: Record<string, string[]>, calls: string[] = []): WasmClient {
  return {
    wasmClientIsConnected: () => true,
    wasmClientStatus: () => 'Connected',
    wasmClientGetExpiry: () => null,
    wasmClientHasPerms: () => true,
    wasmClientIsReadOnly: () => false,
    wasmClientInvokeRPC(method, request, callback) {
      calls.push(`${method} ${request}`)
      const replies = script[method]
      if (!replies) return `rpc with name ${method} not found`
      for (const [i, reply] of replies.entries()) setTimeout(() => callback(reply), 5 * (i + 1))
      return undefined
    },
  }
}

function connectionOf(wasm: WasmClient): LncConnection {
  return {
    connect: async () => wasm,
    authorize: async () => wasm,
    expiry: () => undefined,
    isReadOnly: () => false,
    hasPermission: () => true,
    close: async () => {},
  }
}

const transportOf = (wasm: WasmClient, secrets: string[] = [], timeoutMs = 1_000) =>
  lncTransport(connectionOf(wasm), { target: 'lnc://m:1', timeoutMs, secrets: () => secrets })
const route = (grpc: string): RpcRoute => ({ grpc, http: 'GET unused' })

async function drain(stream: WireStream): Promise<unknown[]> {
  const seen: unknown[] = []
  for (let next = await stream.next(); !next.done; next = await stream.next()) seen.push(next.value)
  return seen
}

describe('lncTransport', () => {
  it('sends the JSON message to the gRPC method and gives back the JSON reply', async () => {
    const calls: string[] = []
    const t = transportOf(fakeWasm({ 'lnrpc.Lightning.GetInfo': ['{"alias":"alice"}'] }, calls))
    expect(await t.unary(route('lnrpc.Lightning.GetInfo'), { x: 1 }, undefined)).toEqual({
      alias: 'alice',
    })
    expect(calls).toEqual(['lnrpc.Lightning.GetInfo {"x":1}'])
  })

  it('maps lnd errors through core’s table and redacts secrets', async () => {
    const t = transportOf(
      fakeWasm({
        'routerrpc.Router.SendPaymentV2': [
          'rpc error: code = Unknown desc = invoice is already paid',
        ],
        'lnrpc.Lightning.GetInfo': ['rpc error: code = Unknown desc = boom with s3cret-word'],
      }),
      ['s3cret-word'],
    )
    const stream = t.stream(route('routerrpc.Router.SendPaymentV2'), {}, undefined)
    await expect(stream.next()).rejects.toMatchObject({ code: 'ALREADY_PAID' })
    const error = await t
      .unary(route('lnrpc.Lightning.GetInfo'), {}, undefined)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'NODE_ERROR' })
    expect(String(error)).not.toContain('s3cret-word')
  })

  it('ends a stream at EOF, and drops what comes after a stop', async () => {
    const t = transportOf(
      fakeWasm({
        done: ['{"state":"OPEN"}', '{"state":"SETTLED"}', 'EOF'],
        more: ['{"n":1}', '{"n":2}'],
      }),
    )
    expect(await drain(t.stream(route('done'), {}, undefined))).toEqual([
      { state: 'OPEN' },
      { state: 'SETTLED' },
    ])
    const more = t.stream(route('more'), {}, undefined)
    expect(await more.next()).toEqual({ done: false, value: { n: 1 } })
    await more.stop(false)
    expect(await more.next()).toEqual({ done: true, value: undefined })
  })

  it('ends a stream quietly on abort and reports a refused call as an error', async () => {
    const t = transportOf(fakeWasm({ slow: ['{"n":1}'] }))
    const controller = new AbortController()
    const stream = t.stream(route('slow'), {}, controller.signal)
    expect(await stream.next()).toEqual({ done: false, value: { n: 1 } })
    controller.abort()
    expect(await stream.next()).toEqual({ done: true, value: undefined })
    await expect(t.unary(route('unknown.Method'), {}, undefined)).rejects.toMatchObject({
      code: 'NODE_ERROR',
    })
  })

  it('times out a unary call with a typed error, and an abort gives its reason as the cause', async () => {
    const t = transportOf(fakeWasm({ never: [] }), [], 50)
    await expect(t.unary(route('never'), {}, undefined)).rejects.toMatchObject({ code: 'TIMEOUT' })
    const reason = new Error('user left')
    const controller = new AbortController()
    const pending = t.unary(route('never'), {}, controller.signal)
    controller.abort(reason)
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED', cause: reason })
  })

  it('sends nothing when the stream is aborted or stopped while the session is pairing', async () => {
    const calls: string[] = []
    const wasm = fakeWasm({ 'routerrpc.Router.SendPaymentV2': ['{"status":"IN_FLIGHT"}'] }, calls)
    let paired: (() => void) | undefined
    const slow: LncConnection = {
      ...connectionOf(wasm),
      authorize: () => new Promise((resolve) => (paired = () => resolve(wasm))),
    }
    const t = lncTransport(slow, { target: 'lnc://m:1', timeoutMs: 1_000, secrets: () => [] })
    const controller = new AbortController()
    const aborted = t.stream(route('routerrpc.Router.SendPaymentV2'), {}, controller.signal)
    const pending = aborted.next()
    controller.abort()
    paired?.()
    expect(await pending).toEqual({ done: true, value: undefined })
    const stopped = t.stream(route('routerrpc.Router.SendPaymentV2'), {}, undefined)
    const next = stopped.next()
    await stopped.stop(false)
    paired?.()
    expect(await next).toEqual({ done: true, value: undefined })
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(calls).toEqual([])
  })
})
