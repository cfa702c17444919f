import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Payment } from '@btcfi/core'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createClient } from '../../client/createClient.js'
import { fakeBackend, streamOf } from '../../testing/fakeBackend.js'
import { createL402Fetch } from './createL402Fetch.js'
import { memoryL402TokenStore } from './memoryL402TokenStore.js'

// A hostile L402 service on loopback: each path answers one way a service can
// break the protocol. The node is a fake that records its calls: nothing may
// reach it unless a challenge is fit to pay. (Real payments through a real
// aperture are in l402.regtest.test.ts.)

// BOLT 11's own examples (mainnet, 2017-06-01T10:57:38Z): any amount, and
// 2500u (250,000,000 msat) expiring after a minute; hash 0001…0102.
const ANY_AMOUNT =
  'lnbc1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq9qrsgq357wnc5r2ueh7ck6q93dj32dlqnls087fxdwk8qakdyafkq3yap9us6v52vjjsrvywa6rt52cm9r9zqt8r2t7mlcwspyetp5h2tztugp9lfyql'
const COFFEE =
  'lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpfna3rh'
const COFFEE_MSAT = 250_000_000n
const HASH = '0001020304050607080900010203040506070809000102030405060708090102'
const PREIMAGE = 'ab'.repeat(32)
const MACAROON = 'AgEEbHNhdAJCAABDbVPIvxeq0kPvVEYU2Q=='

type Route = (req: IncomingMessage, res: ServerResponse) => void
const challenge =
  (value: string): Route =>
  (_req, res) => {
    res.writeHead(402, { 'www-authenticate': value, 'content-type': 'text/plain' })
    res.end('payment required')
  }
const l402 = (invoice: string) => `L402 macaroon="${MACAROON}", invoice="${invoice}"`
const authorizations: (string | undefined)[] = []
const routes: Record<string, Route> = {
  '/free': (_req, res) => res.end('free'),
  '/none': (_req, res) => {
    res.writeHead(402)
    res.end()
  },
  '/bearer': challenge('Bearer realm="api"'),
  '/huge': challenge(`${l402(COFFEE)}, Other x="${'a'.repeat(9_000)}"`),
  '/bad-macaroon': challenge(`L402 macaroon="a b", invoice="${COFFEE}"`),
  '/bad-invoice': challenge(`L402 macaroon="${MACAROON}", invoice="lnbc1notaninvoice"`),
  '/any-amount': challenge(l402(ANY_AMOUNT)),
  '/coffee': challenge(l402(COFFEE)),
  '/forever': (req, res) => {
    authorizations.push(req.headers.authorization)
    challenge(l402(COFFEE))(req, res)
  },
  '/slow': () => {},
}

let server: ReturnType<typeof createServer>
let origin = ''
beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname]
    if (route) route(req, res)
    else {
      res.writeHead(404)
      res.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})
afterEach(() => {
  vi.useRealTimers()
})

function node() {
  const backend = fakeBackend({
    sendPayment: (request) =>
      streamOf([
        {
          paymentHash: HASH,
          status: 'SUCCEEDED',
          valueMsat: request.amountMsat ?? COFFEE_MSAT,
          feeMsat: 0n,
          preimage: PREIMAGE,
          paymentRequest: request.paymentRequest,
          paymentIndex: 1n,
          createdAt: new Date(0),
          failureReason: 'NONE',
          htlcs: [],
        } as unknown as Payment,
      ]),
  })
  return { backend, client: createClient({ backend, network: 'mainnet' }) }
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    return error as { code: string; problem?: string; priceMsat?: bigint; message: string }
  }
  throw new Error('expected a failure')
}

describe('createL402Fetch against a hostile service', () => {
  it('returns anything but a 402 as it came, and asks the node nothing', async () => {
    const { backend, client } = node()
    const fetch = createL402Fetch(client, { maxPriceMsat: 1_000n })
    const answer = await fetch(`${origin}/free`)
    expect(answer.status).toBe(200)
    expect(await answer.text()).toBe('free')
    expect((await fetch(`${origin}/missing`)).status).toBe(404)
    expect(backend.calls).toEqual([])
  })

  it.each([
    ['/none', 'malformed'],
    ['/bearer', 'malformed'],
    ['/huge', 'too-large'],
    ['/bad-macaroon', 'malformed'],
    ['/bad-invoice', 'malformed'],
    ['/any-amount', 'any-amount'],
  ])('%s is L402_CHALLENGE (%s), nothing paid', async (path, problem) => {
    const { backend, client } = node()
    const fetch = createL402Fetch(client, { maxPriceMsat: 10n ** 12n })
    const error = await failure(fetch(`${origin}${path}`))
    expect(error).toMatchObject({ code: 'L402_CHALLENGE', problem })
    expect(backend.calls).toEqual([])
  })

  it('refuses a price above maxPriceMsat, saying the price, nothing paid', async () => {
    const { backend, client } = node()
    const fetch = createL402Fetch(client, { maxPriceMsat: COFFEE_MSAT - 1n })
    const error = await failure(fetch(`${origin}/coffee`))
    expect(error).toMatchObject({
      code: 'L402_CHALLENGE',
      problem: 'price',
      priceMsat: COFFEE_MSAT,
    })
    expect(backend.calls).toEqual([])
  })

  it('pays a service that answers 402 forever once per call, with the token in L402 form, then refuses', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2017-06-01T10:58:00Z') })
    const { backend, client } = node()
    const tokenStore = memoryL402TokenStore()
    const fetch = createL402Fetch(client, { maxPriceMsat: COFFEE_MSAT, tokenStore })
    authorizations.length = 0
    const error = await failure(fetch(`${origin}/forever`))
    expect(error).toMatchObject({ code: 'L402_CHALLENGE', problem: 'refused' })
    expect(backend.calls).toEqual(['sendPayment'])
    expect(authorizations).toEqual([undefined, `L402 ${MACAROON}:${PREIMAGE}`])
    // The refused token is dropped; its invoice is not paid again by the next call.
    expect(tokenStore.get(origin)).toBeUndefined()
    expect(await failure(fetch(`${origin}/forever`))).toMatchObject({ problem: 'refused' })
    expect(backend.calls).toEqual(['sendPayment'])
    for (const secret of [PREIMAGE, MACAROON]) {
      expect(JSON.stringify(error)).not.toContain(secret)
      expect(error.message).not.toContain(secret)
    }
  })

  it('pays no challenge sent over plain http to a public host (insecure)', async () => {
    const { backend, client } = node()
    const onPath: typeof globalThis.fetch = async () =>
      new Response('payment required', {
        status: 402,
        headers: { 'www-authenticate': l402(COFFEE) },
      })
    const fetch = createL402Fetch(client, { maxPriceMsat: COFFEE_MSAT, fetch: onPath })
    expect(await failure(fetch('http://api.example/data'))).toMatchObject({
      code: 'L402_CHALLENGE',
      problem: 'insecure',
    })
    expect(backend.calls).toEqual([])
  })

  it('is L402_CHALLENGE (unreachable) when nothing listens, ABORTED on the caller’s signal', async () => {
    const { client } = node()
    const fetch = createL402Fetch(client, { maxPriceMsat: 1_000n })
    expect(await failure(fetch('http://127.0.0.1:9/x'))).toMatchObject({
      code: 'L402_CHALLENGE',
      problem: 'unreachable',
    })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    expect(await failure(fetch(`${origin}/slow`, { signal: controller.signal }))).toMatchObject({
      code: 'ABORTED',
    })
    expect(
      await failure(fetch(`${origin}/slow`, { signal: AbortSignal.timeout(100) })),
    ).toMatchObject({ code: 'TIMEOUT' })
  })

  it('refuses bad parameters at once', async () => {
    const { client } = node()
    expect(() => createL402Fetch(client, {} as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => createL402Fetch(client, { maxPriceMsat: -1n })).toThrow(
      expect.objectContaining({ code: 'INVALID_AMOUNT' }),
    )
    expect(() => createL402Fetch(client, { maxPriceMsat: 1n, tokenStore: {} as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    const fetch = createL402Fetch(client, { maxPriceMsat: 1n })
    expect(await failure(fetch('/relative'))).toMatchObject({ code: 'INVALID_ARGUMENT' })
  })
})
