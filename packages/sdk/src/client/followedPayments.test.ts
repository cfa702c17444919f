import { describe, expect, it } from 'vitest'
import { fakeBackend } from '../testing/fakeBackend.js'
import { createClient } from './createClient.js'
import { followedPayments } from './followedPayments.js'

describe("a client's followed payments", () => {
  it('are read-only from outside: seen, never set, replaced or dropped', () => {
    const client = createClient({ backend: fakeBackend({}), network: 'regtest' })
    const payments = client.payments as unknown as Record<string, unknown>
    expect(payments.set).toBeUndefined()
    expect(payments.delete).toBeUndefined()
    expect(payments.clear).toBeUndefined()
    expect(Object.isFrozen(client.payments)).toBe(true)
    // What the payment actions write shows through the view, on every extension of the client.
    const pending = Promise.resolve() as never
    followedPayments(client.payments).set('ab'.repeat(32), pending)
    const extended = client.extend(() => ({ extra: 1 }))
    expect(extended.payments.get('ab'.repeat(32))).toBe(pending)
    expect([...client.payments.keys()]).toEqual(['ab'.repeat(32)])
    expect(client.payments.size).toBe(1)
  })
})
