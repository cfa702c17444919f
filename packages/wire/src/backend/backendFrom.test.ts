import { AbortedError, AlreadyExistsError, isBaseError, NodeUnreachableError } from '@btcfi/core'
import { describe, expect, it } from 'vitest'
import * as rpcs from '../rpcs/index.js'
import * as fx from '../testing/lndReplies.js'
import type { Transport } from '../transport/Transport.js'
import { backendFrom } from './backendFrom.js'

const HASH = 'ab'.repeat(32)

/** A transport that answers from a script and records what was sent. */
function scripted(answer: {
  unary?: (grpc: string) => unknown
  stream?: unknown[]
}): Transport & { sent: string[] } {
  const sent: string[] = []
  return {
    kind: 'scripted',
    target: 'scripted://node',
    label: 'ScriptedBackend',
    sent,
    unary: async (route) => {
      sent.push(route.grpc)
      return answer.unary?.(route.grpc)
    },
    stream: (route) => {
      sent.push(route.grpc)
      const messages = [...(answer.stream ?? [])]
      return {
        next: async () =>
          messages.length > 0
            ? { done: false, value: messages.shift() }
            : { done: true, value: undefined },
        stop: async () => {},
      }
    },
    close: async () => {},
  }
}

const codeOf = (error: unknown) => (isBaseError(error) ? error.code : error)

describe('backendFrom', () => {
  it('sends the entry, maps the reply and streams until the final message', async () => {
    const transport = scripted({
      unary: () => fx.getInfo,
      stream: [fx.paymentInFlight, fx.paymentSucceeded],
    })
    const backend = backendFrom(transport)
    expect((await backend.call(rpcs.getInfo)).alias).toBe(fx.getInfo.alias)
    const statuses = []
    for await (const p of backend.stream(rpcs.trackPayment, HASH)) statuses.push(p.status)
    expect(statuses).toEqual(['IN_FLIGHT', 'SUCCEEDED'])
    expect(transport.sent).toEqual(['lnrpc.Lightning.GetInfo', 'routerrpc.Router.TrackPaymentV2'])
  })

  it('refuses a bad request, a stream entry in call, a unary one in stream and no entry at all, sending nothing', async () => {
    const transport = scripted({})
    const backend = backendFrom(transport)
    const call = backend.call as (...args: unknown[]) => Promise<unknown>
    const stream = backend.stream as (...args: unknown[]) => AsyncIterable<unknown>
    const first = (s: AsyncIterable<unknown>) => s[Symbol.asyncIterator]().next()
    for (const attempt of [
      () => backend.call(rpcs.lookupInvoice, 'zz'),
      () => call(rpcs.trackPayment, HASH),
      () => call(undefined),
      () => call({ grpc: 'x' }),
      () => first(stream(rpcs.getInfo)),
      () => first(stream(null)),
    ]) {
      await expect(attempt().catch(codeOf)).resolves.toBe('INVALID_ARGUMENT')
    }
    expect(transport.sent).toEqual([])
  })

  it('gives PROTOCOL for a reply it cannot read, and resolves an answer that means the goal is met', async () => {
    const backend = backendFrom(
      scripted({
        unary: (grpc) => {
          if (grpc === 'lnrpc.Lightning.ConnectPeer') throw new AlreadyExistsError('peer')
          return { invoices: 'not a list' }
        },
      }),
    )
    await expect(backend.call(rpcs.listInvoices, {}).catch(codeOf)).resolves.toBe('PROTOCOL')
    await expect(
      backend.call(rpcs.connectPeer, { pubkey: `02${HASH}`, host: '127.0.0.1:9735' }),
    ).resolves.toBeUndefined()
  })

  it('gives AbortedError with the reason as its cause, and nothing is sent', async () => {
    const transport = scripted({ unary: () => fx.getInfo })
    const reason = new Error('the user left')
    const error = await backendFrom(transport)
      .call(rpcs.getInfo, undefined, { signal: AbortSignal.abort(reason) })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AbortedError)
    expect((error as AbortedError).cause).toBe(reason)
    expect(transport.sent).toEqual([])
  })

  it('takes a stream lnd ends before its final message for a dropped node', async () => {
    const backend = backendFrom(scripted({ stream: [fx.paymentInFlight] }))
    const seen: string[] = []
    const error = await (async () => {
      for await (const p of backend.stream(rpcs.trackPayment, HASH)) seen.push(p.status)
    })().catch((e: unknown) => e)
    expect(seen).toEqual(['IN_FLIGHT'])
    expect(error).toBeInstanceOf(NodeUnreachableError)
  })
})
