import type { Invoice } from '@btcfi/core'
import { describe, expect, it } from 'vitest'
import { createClient } from '../../client/createClient.js'
import { fakeBackend } from '../../testing/fakeBackend.js'
import { waitForInvoice } from './waitForInvoice.js'

const paymentHash = 'ab'.repeat(32)

/** A subscription that says nothing until its signal aborts, and counts the live ones. */
function silentNode() {
  let live = 0
  const backend = fakeBackend({
    subscribeSingleInvoice: (_hash, options) =>
      (async function* (): AsyncGenerator<Invoice> {
        live++
        try {
          await new Promise<void>((resolve) =>
            options?.signal?.addEventListener('abort', () => resolve(), { once: true }),
          )
        } finally {
          live--
        }
      })(),
  })
  return { client: createClient({ backend }), live: () => live }
}

describe('waitForInvoice', () => {
  it('rejects with AbortedError when aborted, and stops watching', async () => {
    const { client, live } = silentNode()
    const controller = new AbortController()
    const waiting = waitForInvoice(client, {
      paymentHash,
      states: ['ACCEPTED'],
      signal: controller.signal,
    })
    await expect.poll(live).toBe(1)
    controller.abort(new Error('the shopper left'))
    const error = await waiting.catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'AbortedError', code: 'ABORTED' })
    expect((error as Error).cause).toMatchObject({ message: 'the shopper left' })
    await expect.poll(live).toBe(0)
  })

  it('rejects at once, without subscribing, on a signal aborted before the call', async () => {
    const { client, live } = silentNode()
    const error = await waitForInvoice(client, {
      paymentHash,
      states: ['ACCEPTED'],
      signal: AbortSignal.abort(),
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'AbortedError' })
    expect(live()).toBe(0)
  })

  it('times out with TimeoutError, and stops watching', async () => {
    const { client, live } = silentNode()
    const error = await waitForInvoice(client, {
      paymentHash,
      states: ['ACCEPTED'],
      timeoutMs: 50,
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'TimeoutError', code: 'TIMEOUT' })
    await expect.poll(live).toBe(0)
  })
})
