import { describe, expect, it } from 'vitest'
import type { LncConnection } from '../connection/createConnection.js'
import { createRpc } from './createRpc.js'
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

const rpcOf = (wasm: WasmClient, secrets: string[] = []) =>
  createRpc(connectionOf(wasm), { target: 'lnc://m:1', timeoutMs: 1_000, secrets: () => secrets })

describe('createRpc', () => {
  it('sends the JSON request and maps the JSON reply', async () => {
    const calls: string[] = []
    const rpc = rpcOf(fakeWasm({ 'lnrpc.Lightning.GetInfo': ['{"alias":"alice"}'] }, calls))
    const alias = await rpc.call(
      'lnrpc.Lightning.GetInfo',
      { x: 1 },
      (w: { alias: string }) => w.alias,
    )
    expect(alias).toBe('alice')
    expect(calls).toEqual(['lnrpc.Lightning.GetInfo {"x":1}'])
  })

  it('maps lnd errors through core’s table and redacts secrets', async () => {
    const rpc = rpcOf(
      fakeWasm({
        'routerrpc.Router.SendPaymentV2': [
          'rpc error: code = Unknown desc = invoice is already paid',
        ],
        'lnrpc.Lightning.GetInfo': ['rpc error: code = Unknown desc = boom with s3cret-word'],
      }),
      ['s3cret-word'],
    )
    const stream = rpc.stream(
      'routerrpc.Router.SendPaymentV2',
      {},
      (w) => w,
      () => true,
    )
    await expect(stream.next()).rejects.toMatchObject({ code: 'ALREADY_PAID' })
    const error = await rpc.call('lnrpc.Lightning.GetInfo', {}, (w) => w).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'NODE_ERROR' })
    expect(String(error)).not.toContain('s3cret-word')
  })

  it('ends a stream at EOF, and calls an early end unreachable', async () => {
    const rpc = rpcOf(
      fakeWasm({
        done: ['{"state":"OPEN"}', '{"state":"SETTLED"}', 'EOF'],
        cut: ['{"state":"OPEN"}', 'EOF'],
      }),
    )
    const final = (last: { state: string } | undefined) => last?.state === 'SETTLED'
    const seen: string[] = []
    for await (const v of rpc.stream('done', {}, (w: { state: string }) => w, final))
      seen.push(v.state)
    expect(seen).toEqual(['OPEN', 'SETTLED'])
    const cut = async () => {
      for await (const _ of rpc.stream('cut', {}, (w: { state: string }) => w, final));
    }
    await expect(cut()).rejects.toMatchObject({ code: 'NODE_UNREACHABLE' })
  })

  it('ends a stream quietly on abort and reports a refused call as an error', async () => {
    const rpc = rpcOf(fakeWasm({ slow: ['{"n":1}'] }))
    const controller = new AbortController()
    const seen: unknown[] = []
    for await (const v of rpc.stream(
      'slow',
      {},
      (w) => w,
      () => false,
      {
        signal: controller.signal,
      },
    )) {
      seen.push(v)
      controller.abort()
    }
    expect(seen).toEqual([{ n: 1 }])
    await expect(rpc.call('unknown.Method', {}, (w) => w)).rejects.toMatchObject({
      code: 'NODE_ERROR',
    })
  })

  it('times out a unary call with a typed error', async () => {
    const rpc = createRpc(connectionOf(fakeWasm({ never: [] })), {
      target: 'lnc://m:1',
      timeoutMs: 50,
      secrets: () => [],
    })
    await expect(rpc.call('never', {}, (w) => w)).rejects.toMatchObject({ code: 'TIMEOUT' })
  })
})
