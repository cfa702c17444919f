import {
  AlreadyPaidError,
  decodeInvoice,
  NodeUnreachableError,
  NotFoundError,
  type Payment,
  PaymentInFlightError,
  UnsupportedError,
} from '@btcfi/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient } from '../../client/createClient.js'
import { fakeBackend, streamOf } from '../../testing/fakeBackend.js'
import { payInvoice } from './payInvoice.js'

// BOLT 11's "$3 for a cup of coffee" (mainnet, 60 s expiry from 2017-06-01T10:57:38Z).
const INVOICE =
  'lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpfna3rh'
const { paymentHash } = decodeInvoice(INVOICE)

function payment(status: Payment['status'], extra: Partial<Payment> = {}): Payment {
  return {
    paymentHash,
    status,
    valueMsat: 250_000_000n,
    feeMsat: 0n,
    preimage: status === 'SUCCEEDED' ? 'ab'.repeat(32) : undefined,
    paymentRequest: INVOICE,
    paymentIndex: 7n,
    createdAt: new Date(0),
    failureReason: status === 'FAILED' ? 'NO_ROUTE' : 'NONE',
    htlcs: [],
    ...extra,
  }
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2017-06-01T10:57:48Z'), toFake: ['Date'] })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('payInvoice is idempotent on the payment hash', () => {
  it('sends at once, without asking lnd first: one request per payment', async () => {
    const backend = fakeBackend({
      sendPayment: () => streamOf([payment('IN_FLIGHT'), payment('SUCCEEDED')]),
    })
    const updates: string[] = []
    const result = await payInvoice(createClient({ backend, network: 'mainnet' }), {
      paymentRequest: INVOICE,
      onUpdate: (p) => updates.push(p.status),
    })
    expect(result.status).toBe('SUCCEEDED')
    expect(updates).toEqual(['IN_FLIGHT', 'SUCCEEDED'])
    expect(backend.calls).toEqual(['sendPayment'])
  })

  it('sends once for calls at the same time', async () => {
    const backend = fakeBackend({
      sendPayment: () => streamOf([payment('IN_FLIGHT'), payment('SUCCEEDED')]),
    })
    const client = createClient({ backend, network: 'mainnet' })
    const [a, b] = await Promise.all([
      payInvoice(client, { paymentRequest: INVOICE }),
      payInvoice(client, { paymentRequest: INVOICE }),
    ])
    expect(a).toBe(b)
    expect(backend.calls.filter((c) => c === 'sendPayment')).toHaveLength(1)
  })

  it.each([
    ['already paid', new AlreadyPaidError()],
    ['in flight', new PaymentInFlightError()],
  ])('follows the existing payment when lnd answers "%s"', async (_name, answer) => {
    const backend = fakeBackend({
      trackPayment: () => streamOf([payment('IN_FLIGHT'), payment('SUCCEEDED')]),
      sendPayment: () => streamOf([], answer),
    })
    const updates: string[] = []
    const result = await payInvoice(createClient({ backend, network: 'mainnet' }), {
      paymentRequest: INVOICE,
      onUpdate: (p) => updates.push(p.status),
    })
    expect(result.status).toBe('SUCCEEDED')
    expect(updates).toEqual(['IN_FLIGHT', 'SUCCEEDED'])
    // lnd refused the second send: the payment it has is followed, never sent again
    expect(backend.calls).toEqual(['sendPayment', 'trackPayment'])
  })

  it('rejects a failed payment with its reason, and never re-sends by itself', async () => {
    const backend = fakeBackend({
      sendPayment: () => streamOf([payment('IN_FLIGHT'), payment('FAILED')]),
    })
    await expect(
      payInvoice(createClient({ backend, network: 'mainnet' }), { paymentRequest: INVOICE }),
    ).rejects.toMatchObject({ code: 'PAYMENT_FAILED', failureReason: 'NO_ROUTE', paymentHash })
    expect(backend.calls.filter((c) => c === 'sendPayment')).toHaveLength(1)
  })

  it('hands cltvLimit to lnd, and refuses one out of range before any node call', async () => {
    const sent: unknown[] = []
    const backend = fakeBackend({
      sendPayment: (request) => {
        sent.push(request)
        return streamOf([payment('SUCCEEDED')])
      },
    })
    const client = createClient({ backend, network: 'mainnet' })
    await payInvoice(client, { paymentRequest: INVOICE, cltvLimit: 144 })
    expect(sent).toEqual([expect.objectContaining({ cltvLimit: 144 })])
    for (const cltvLimit of [0, -1, 1.5, 65_536]) {
      await expect(
        payInvoice(createClient({ backend: fakeBackend({}), network: 'mainnet' }), {
          paymentRequest: INVOICE,
          cltvLimit,
        }),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    }
  })

  it('checks the invoice before any node call', async () => {
    const backend = fakeBackend({})
    const client = createClient({ backend, network: 'regtest' })
    await expect(payInvoice(client, { paymentRequest: INVOICE })).rejects.toMatchObject({
      code: 'INVOICE_WRONG_NETWORK',
    })
    vi.setSystemTime(new Date('2017-06-01T11:00:00Z'))
    await expect(
      payInvoice(createClient({ backend, network: 'mainnet' }), { paymentRequest: INVOICE }),
    ).rejects.toMatchObject({ code: 'INVOICE_EXPIRED' })
    await expect(
      payInvoice(client, { paymentRequest: INVOICE, feeLimitMsat: -1n }),
    ).rejects.toMatchObject({ code: 'INVALID_AMOUNT' })
    expect(backend.calls).toEqual([])
  })
})

describe('payInvoice asks lnd for the outcome only when nobody listens', () => {
  it('sends finalOnly without onUpdate, and every update with it', async () => {
    const sent: { finalOnly?: boolean }[] = []
    const backend = fakeBackend({
      sendPayment: (request) => {
        sent.push(request)
        return streamOf([payment('SUCCEEDED')])
      },
    })
    await payInvoice(createClient({ backend, network: 'mainnet' }), { paymentRequest: INVOICE })
    await payInvoice(createClient({ backend, network: 'mainnet' }), {
      paymentRequest: INVOICE,
      onUpdate: () => {},
    })
    expect(sent.map((r) => r.finalOnly)).toEqual([true, false])
  })

  it('follows a payment lnd took when the stream drops before its outcome', async () => {
    const backend = fakeBackend({
      sendPayment: () => streamOf([], new NodeUnreachableError('https://alice:8080')),
      trackPayment: () => streamOf([payment('IN_FLIGHT'), payment('SUCCEEDED')]),
    })
    const result = await payInvoice(createClient({ backend, network: 'mainnet' }), {
      paymentRequest: INVOICE,
    })
    expect(result.status).toBe('SUCCEEDED')
    // one send; lnd is asked once whether it took it, then the payment is followed
    expect(backend.calls).toEqual(['sendPayment', 'trackPayment', 'trackPayment'])
  })

  it('takes the outcome from the look-up when the payment is already final', async () => {
    const backend = fakeBackend({
      sendPayment: () => streamOf([], new NodeUnreachableError('https://alice:8080')),
      trackPayment: () => streamOf([payment('FAILED')]),
    })
    await expect(
      payInvoice(createClient({ backend, network: 'mainnet' }), { paymentRequest: INVOICE }),
    ).rejects.toMatchObject({ code: 'PAYMENT_FAILED', failureReason: 'NO_ROUTE' })
    expect(backend.calls).toEqual(['sendPayment', 'trackPayment'])
  })

  it.each([
    ['lnd has no such payment', () => streamOf<Payment>([], new NotFoundError('payment'))],
    [
      'lnd cannot be reached',
      () => streamOf<Payment>([], new NodeUnreachableError('https://alice:8080')),
    ],
  ])('rejects with the drop when %s, sending nothing again', async (_name, track) => {
    const drop = new NodeUnreachableError('https://alice:8080')
    const backend = fakeBackend({ sendPayment: () => streamOf([], drop), trackPayment: track })
    await expect(
      payInvoice(createClient({ backend, network: 'mainnet' }), { paymentRequest: INVOICE }),
    ).rejects.toBe(drop)
    expect(backend.calls).toEqual(['sendPayment', 'trackPayment'])
  })
  it('gives up the look-up when lnd does not answer it, with the drop’s error', async () => {
    // The look-up's 30 s, on a fake clock: what matters is that it ends.
    vi.useFakeTimers()
    const drop = new NodeUnreachableError('https://alice:8080')
    const backend = fakeBackend({
      sendPayment: () => streamOf([], drop),
      // Accepts the stream and never answers, until its signal fires.
      trackPayment: async function* (_hash, { signal }) {
        await new Promise((resolve) => signal?.addEventListener('abort', resolve, { once: true }))
      },
    })
    try {
      const outcome = expect(
        payInvoice(createClient({ backend, network: 'mainnet' }), { paymentRequest: INVOICE }),
      ).rejects.toBe(drop)
      await vi.advanceTimersByTimeAsync(31_000)
      await outcome
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('payInvoice stopped by its signal', () => {
  it('rejects with AbortedError, the signal’s reason as its cause, while lnd keeps the payment', async () => {
    const backend = fakeBackend({
      sendPayment: () => streamOf([], new PaymentInFlightError()),
      trackPayment: () => streamOf([payment('IN_FLIGHT')]),
    })
    const controller = new AbortController()
    const reason = new Error('the caller stopped waiting')
    const paying = payInvoice(createClient({ backend, network: 'mainnet' }), {
      paymentRequest: INVOICE,
      signal: controller.signal,
    }).catch((e: unknown) => e)
    await new Promise((resolve) => setTimeout(resolve, 20))
    controller.abort(reason)
    const error = (await paying) as { code?: string; cause?: unknown }
    expect(error.code).toBe('ABORTED')
    expect(error.cause).toBe(reason)
  })
})

// INVOICE with lnd's AMP feature (bit 30, compulsory) added, as lnd's AMP
// invoices have it; the signature no longer matches, which paying does not check.
const AMP_INVOICE =
  'lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9q8pqqqsgquk0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpjqym3s'
const SET_ID = 'e5'.repeat(32)

describe('payInvoice with amp', () => {
  it('sends an AMP invoice with lnd’s amp flag, and resolves with the set id lnd reports', async () => {
    const sent: { amp?: boolean; finalOnly?: boolean; paymentRequest?: string }[] = []
    const backend = fakeBackend({
      sendPayment: (request) => {
        sent.push(request)
        return streamOf([
          payment('IN_FLIGHT', { paymentHash: SET_ID }),
          payment('SUCCEEDED', { paymentHash: SET_ID }),
        ])
      },
    })
    const client = createClient({ backend, network: 'mainnet' })
    const result = await payInvoice(client, { paymentRequest: AMP_INVOICE, amp: true })
    expect(result.paymentHash).toBe(SET_ID)
    // Every update is asked for, to learn the set id before the outcome.
    expect(sent).toEqual([
      expect.objectContaining({ paymentRequest: AMP_INVOICE, amp: true, finalOnly: false }),
    ])
  })

  it('pays an AMP invoice again on each call, also at the same time', async () => {
    const backend = fakeBackend({
      sendPayment: () => streamOf([payment('SUCCEEDED', { paymentHash: SET_ID })]),
    })
    const client = createClient({ backend, network: 'mainnet' })
    await Promise.all([
      payInvoice(client, { paymentRequest: AMP_INVOICE, amp: true }),
      payInvoice(client, { paymentRequest: AMP_INVOICE, amp: true }),
    ])
    expect(backend.calls).toEqual(['sendPayment', 'sendPayment'])
  })

  it('follows the set id after a drop, and gives the drop’s error before any update', async () => {
    const dropAfterUpdate = fakeBackend({
      sendPayment: () =>
        streamOf(
          [payment('IN_FLIGHT', { paymentHash: SET_ID })],
          new NodeUnreachableError('https://alice:8080'),
        ),
      trackPayment: (hash) => streamOf([payment('SUCCEEDED', { paymentHash: hash })]),
    })
    const result = await payInvoice(
      createClient({ backend: dropAfterUpdate, network: 'mainnet' }),
      {
        paymentRequest: AMP_INVOICE,
        amp: true,
      },
    )
    expect(result).toMatchObject({ paymentHash: SET_ID, status: 'SUCCEEDED' })
    expect(dropAfterUpdate.calls).toEqual(['sendPayment', 'trackPayment'])

    const dropAtOnce = fakeBackend({
      sendPayment: () => streamOf([], new NodeUnreachableError('https://alice:8080')),
    })
    await expect(
      payInvoice(createClient({ backend: dropAtOnce, network: 'mainnet' }), {
        paymentRequest: AMP_INVOICE,
        amp: true,
      }),
    ).rejects.toMatchObject({ code: 'NODE_UNREACHABLE' })
    expect(dropAtOnce.calls).toEqual(['sendPayment'])
  })

  it('refuses amp for an invoice that is not AMP, and an AMP invoice without it', async () => {
    const backend = fakeBackend({})
    const client = createClient({ backend, network: 'mainnet' })
    await expect(payInvoice(client, { paymentRequest: INVOICE, amp: true })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      argument: 'amp',
    })
    await expect(payInvoice(client, { paymentRequest: AMP_INVOICE })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      argument: 'amp',
    })
    await expect(
      payInvoice(client, { paymentRequest: AMP_INVOICE, amp: 'yes' as unknown as boolean }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'amp' })
    expect(backend.calls).toEqual([])
  })
})

describe('payInvoice and BOLT 12', () => {
  const OFFER =
    'lno1pgx9getnwss8vetrw3hhyuckyypwa3eyt44h6txtxquqh7lz5djge4afgfjn7k4rgrkuag0jsd5xvxg'

  it.each([
    [
      'an offer',
      OFFER,
      'bolt12-offer',
      /^lnd cannot pay BOLT 12 offers; ask the payee for a BOLT 11 invoice\.$/,
    ],
    ['an offer in a lightning: URI', `lightning:${OFFER.toUpperCase()}`, 'bolt12-offer', /offers/],
    ['a BOLT 12 invoice', 'lni1qqsg', 'bolt12-invoice', /BOLT 12 invoices/],
  ])(
    'refuses %s with UnsupportedError before any node call',
    async (_, paymentRequest, feature, message) => {
      const backend = fakeBackend({})
      const error = await payInvoice(createClient({ backend }), { paymentRequest }).catch((e) => e)
      expect(error).toBeInstanceOf(UnsupportedError)
      expect(error).toMatchObject({ code: 'UNSUPPORTED', feature })
      expect(error.message).toMatch(message)
      expect(backend.calls).toEqual([])
    },
  )
})
