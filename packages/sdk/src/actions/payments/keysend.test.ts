import { AlreadyPaidError, type Payment, paymentHashOf } from '@btcfi/core'
import { describe, expect, it } from 'vitest'
import { createClient } from '../../client/createClient.js'
import { fakeBackend, streamOf } from '../../testing/fakeBackend.js'
import { keysend } from './keysend.js'

const dest = `02${'11'.repeat(32)}`

function succeeded(paymentHash: string): Payment {
  return {
    paymentHash,
    status: 'SUCCEEDED',
    valueMsat: 1_000n,
    feeMsat: 0n,
    preimage: undefined,
    paymentRequest: undefined,
    paymentIndex: 1n,
    createdAt: new Date(0),
    failureReason: 'NONE',
    htlcs: [],
  } as unknown as Payment
}

describe('keysend', () => {
  it('with a preimage it draws, sends at once: lnd cannot know the new hash', async () => {
    const backend = fakeBackend({
      sendPayment: (request) => streamOf([succeeded(request.paymentHash!)]),
    })
    const payment = await keysend(createClient({ backend, network: 'regtest' }), {
      dest,
      amountMsat: 1_000n,
    })
    expect(payment.status).toBe('SUCCEEDED')
    expect(backend.calls).toEqual(['sendPayment'])
  })

  it('hands cltvLimit and finalCltvDelta to lnd, and refuses them out of range', async () => {
    const sent: unknown[] = []
    const backend = fakeBackend({
      sendPayment: (request) => {
        sent.push(request)
        return streamOf([succeeded(request.paymentHash!)])
      },
    })
    const client = createClient({ backend, network: 'regtest' })
    await keysend(client, { dest, amountMsat: 1_000n, cltvLimit: 200, finalCltvDelta: 50 })
    expect(sent).toEqual([expect.objectContaining({ cltvLimit: 200, finalCltvDelta: 50 })])
    await expect(keysend(client, { dest, amountMsat: 1_000n, cltvLimit: 0 })).rejects.toMatchObject(
      { code: 'INVALID_ARGUMENT' },
    )
    await expect(
      keysend(client, { dest, amountMsat: 1_000n, finalCltvDelta: 1.5 }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(sent).toHaveLength(1)
  })

  it('with a preimage lnd already paid, follows that payment and sends nothing more', async () => {
    const preimage = 'ab'.repeat(32)
    const backend = fakeBackend({
      sendPayment: () => streamOf([], new AlreadyPaidError()),
      trackPayment: () => streamOf([succeeded(paymentHashOf(preimage))]),
    })
    const payment = await keysend(createClient({ backend, network: 'regtest' }), {
      dest,
      amountMsat: 1_000n,
      preimage,
    })
    expect(payment.paymentHash).toBe(paymentHashOf(preimage))
    expect(backend.calls).toEqual(['sendPayment', 'trackPayment'])
  })

  it('with a preimage lnd never saw, sends once', async () => {
    const preimage = 'cd'.repeat(32)
    const backend = fakeBackend({
      sendPayment: (request) => streamOf([succeeded(request.paymentHash!)]),
    })
    await keysend(createClient({ backend, network: 'regtest' }), {
      dest,
      amountMsat: 1_000n,
      preimage,
    })
    expect(backend.calls).toEqual(['sendPayment'])
  })
})

describe('keysend with amp', () => {
  it('sends a spontaneous AMP payment: lnd’s amp flag, no hash, no preimage record', async () => {
    const setId = 'e5'.repeat(32)
    const sent: Record<string, unknown>[] = []
    const backend = fakeBackend({
      sendPayment: (request) => {
        sent.push({ ...request })
        return streamOf([succeeded(setId)])
      },
    })
    const payment = await keysend(createClient({ backend, network: 'regtest' }), {
      dest,
      amountMsat: 2_000n,
      amp: true,
      customRecords: { '65537': new Uint8Array([1]) },
    })
    expect(payment.paymentHash).toBe(setId)
    expect(sent).toEqual([
      {
        dest,
        amountMsat: 2_000n,
        feeLimitMsat: 10_000n,
        timeoutSeconds: 60,
        finalCltvDelta: 40,
        destCustomRecords: { '65537': new Uint8Array([1]) },
        amp: true,
        finalOnly: false,
      },
    ])
  })

  it('sends again on each call, and leaves out the records when there are none', async () => {
    const sent: Record<string, unknown>[] = []
    const backend = fakeBackend({
      sendPayment: (request) => {
        sent.push({ ...request })
        return streamOf([succeeded('e5'.repeat(32))])
      },
    })
    const client = createClient({ backend, network: 'regtest' })
    await keysend(client, { dest, amountMsat: 1_000n, amp: true })
    await keysend(client, { dest, amountMsat: 1_000n, amp: true })
    expect(backend.calls).toEqual(['sendPayment', 'sendPayment'])
    expect(sent[0]).not.toHaveProperty('destCustomRecords')
    expect(sent[0]).not.toHaveProperty('paymentHash')
  })

  it('refuses a preimage with amp, before any node call', async () => {
    const backend = fakeBackend({})
    await expect(
      keysend(createClient({ backend, network: 'regtest' }), {
        dest,
        amountMsat: 1_000n,
        amp: true,
        preimage: 'ab'.repeat(32),
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'preimage' })
    expect(backend.calls).toEqual([])
  })
})
