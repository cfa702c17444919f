import { type Invoice, NodeUnreachableError, PermissionDeniedError } from '@btcfi/core'
import { describe, expect, it } from 'vitest'
import { watchInvoice } from '../actions/invoices/watchInvoice.js'
import { createClient } from '../client/createClient.js'
import { fakeBackend, streamOf } from '../testing/fakeBackend.js'

const hash = 'ab'.repeat(32)
const invoice = (state: Invoice['state']) =>
  ({ paymentHash: hash, state, amountPaidMsat: 0n, htlcs: [] }) as unknown as Invoice
const fast = { pollIntervalMs: 60_000, reconnect: { initialDelayMs: 5, maxDelayMs: 20 } }

function collect() {
  const states: string[] = []
  const reconnects: number[] = []
  const fatal: unknown[] = []
  return { states, reconnects, fatal }
}

describe('watchers reconnect by themselves', () => {
  it('re-subscribes after the stream breaks, and reports each state once', async () => {
    const rounds = [
      () => streamOf([invoice('OPEN')], new NodeUnreachableError('fake')),
      () => streamOf([invoice('OPEN'), invoice('ACCEPTED')]),
      () => streamOf([invoice('ACCEPTED'), invoice('SETTLED')]),
    ]
    let round = 0
    const backend = fakeBackend({
      subscribeSingleInvoice: () => rounds[round++]!(),
      lookupInvoice: async () => invoice('OPEN'),
    })
    const seen = collect()
    watchInvoice(createClient({ backend, ...fast }), {
      paymentHash: hash,
      onUpdate: (i) => seen.states.push(i.state),
      onReconnect: (attempt) => seen.reconnects.push(attempt),
    })
    await expect.poll(() => seen.states).toEqual(['OPEN', 'ACCEPTED', 'SETTLED'])
    // The stream broke once (error), then ended early once (no final state).
    expect(seen.reconnects).toEqual([1, 1])
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(round).toBe(3)
  })

  it('stops for good on a permission error', async () => {
    let subscriptions = 0
    const backend = fakeBackend({
      subscribeSingleInvoice: () => {
        subscriptions += 1
        return streamOf([], new PermissionDeniedError('permission denied'))
      },
      lookupInvoice: async () => undefined as unknown as Invoice,
    })
    const seen = collect()
    watchInvoice(createClient({ backend, ...fast }), {
      paymentHash: hash,
      onUpdate: (i) => seen.states.push(i.state),
      onFatal: (error) => seen.fatal.push(error),
    })
    await expect.poll(() => seen.fatal).toHaveLength(1)
    expect(seen.fatal[0]).toMatchObject({ code: 'PERMISSION_DENIED' })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(subscriptions).toBe(1)
  })

  it('stops when unwatched, and opens no new subscription', async () => {
    let subscriptions = 0
    const backend = fakeBackend({
      subscribeSingleInvoice: () => {
        subscriptions += 1
        return streamOf([invoice('OPEN')], new NodeUnreachableError('fake'))
      },
      lookupInvoice: async () => invoice('OPEN'),
    })
    const seen = collect()
    const unwatch = watchInvoice(createClient({ backend, ...fast }), {
      paymentHash: hash,
      onUpdate: (i) => seen.states.push(i.state),
    })
    await expect.poll(() => subscriptions).toBeGreaterThan(1)
    unwatch()
    const after = subscriptions
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(subscriptions).toBe(after)
    expect(seen.states).toEqual(['OPEN'])
  })

  it('rejects a malformed hash before any call', () => {
    const backend = fakeBackend({})
    expect(() =>
      watchInvoice(createClient({ backend }), { paymentHash: 'xyz', onUpdate: () => {} }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(backend.calls).toEqual([])
  })
})
