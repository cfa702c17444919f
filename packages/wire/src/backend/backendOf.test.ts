import { isBaseError } from '@btcfi/core'
import { describe, expect, it } from 'vitest'
import * as rpcs from '../rpcs/index.js'
import { backendOf, rpcNameOf } from './backendOf.js'

describe('backendOf', () => {
  it('answers each RPC with its handler, passing the request and options, and lists the calls', async () => {
    const signal = AbortSignal.timeout(10_000)
    const seen: unknown[] = []
    const backend = backendOf({
      lookupInvoice: (paymentHash, options) => {
        seen.push(paymentHash, options.signal)
        return { paymentHash } as never
      },
      async *trackPayment(paymentHash) {
        yield { paymentHash, status: 'SUCCEEDED' } as never
      },
    })
    await expect(backend.call(rpcs.lookupInvoice, 'ab', { signal })).resolves.toEqual({
      paymentHash: 'ab',
    })
    const updates = []
    for await (const update of backend.stream(rpcs.trackPayment, 'cd')) updates.push(update)
    expect(updates).toEqual([{ paymentHash: 'cd', status: 'SUCCEEDED' }])
    expect(seen).toEqual(['ab', signal])
    expect(backend.calls).toEqual(['lookupInvoice', 'trackPayment'])
  })

  it('fails an RPC it has no handler for with NODE_ERROR, as lnd does a method it does not serve', async () => {
    const backend = backendOf({})
    const call = backend.call(rpcs.getInfo)
    await expect(call).rejects.toSatisfy(
      (error) => isBaseError(error) && error.code === 'NODE_ERROR',
    )
    await expect(
      backend.stream(rpcs.trackPayment, 'ab')[Symbol.asyncIterator]().next(),
    ).rejects.toMatchObject({ code: 'NODE_ERROR' })
    expect(backend.calls).toEqual([])
  })

  it('turns a handler that throws at once into a rejection', async () => {
    const backend = backendOf({
      getInfo: () => {
        throw new Error('boom')
      },
    })
    let promise: Promise<unknown> | undefined
    expect(() => {
      promise = backend.call(rpcs.getInfo)
    }).not.toThrow()
    await expect(promise).rejects.toThrow('boom')
  })
})

describe('rpcNameOf', () => {
  it('names every entry of rpcs by its key, and nothing else', () => {
    for (const [name, rpc] of Object.entries(rpcs)) expect(rpcNameOf(rpc)).toBe(name)
    expect(rpcNameOf({ ...rpcs.getInfo })).toBeUndefined()
  })
})
