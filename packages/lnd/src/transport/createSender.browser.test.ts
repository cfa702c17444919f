import { describe, expect, it } from 'vitest'
import { createSender } from './createSender.browser.js'

describe('createSender (browser)', () => {
  it("sends with the runtime's fetch, a timeout signal on each unary call", async () => {
    const seen: RequestInit[] = []
    const sender = createSender('-----BEGIN CERTIFICATE-----', 30_000, async (_url, init) => {
      seen.push(init ?? {})
      return new Response('{}', { status: 200 })
    })
    expect(await sender.request('GET', 'https://n/v1/getinfo', {}, undefined, undefined)).toEqual({
      status: 200,
      text: '{}',
      retryAfter: undefined,
    })
    expect(seen[0]?.signal).toBeInstanceOf(AbortSignal)
    expect('dispatcher' in (seen[0] ?? {})).toBe(false)
  })
})
