import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { encodeLnurl, hasErrorCode } from '@btcfi/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchLnurl, MAX_LNURL_REQUEST_BYTES } from './fetchLnurl.js'

// A hostile LNURL service on loopback: each path answers one way a service
// can break the protocol. (The honest service, on a real node, is in
// lnurl.regtest.test.ts.)
type Route = (req: IncomingMessage, res: ServerResponse) => void
const metadata = JSON.stringify([['text/plain', 'Beans']])
let origin = ''
const payRequest = (extra: Record<string, unknown> = {}) => ({
  tag: 'payRequest',
  callback: `${origin}/cb`,
  minSendable: 1000,
  maxSendable: 2000,
  metadata,
  ...extra,
})
const json =
  (body: unknown, status = 200): Route =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
const routes: Record<string, Route> = {
  '/ok': (req, res) => json(payRequest())(req, res),
  '/error': json({ status: 'ERROR', reason: `  closed <b>today</b>${'!'.repeat(500)}` }, 500),
  '/login': json({ tag: 'login', k1: 'ab' }),
  '/no-tag': json({ callback: 'https://x.example/cb' }),
  '/html': (_req, res) => res.end('<html>not json</html>'),
  '/array': json([1, 2]),
  '/huge': (_req, res) => {
    // No content-length: the reader must stop by itself.
    res.writeHead(200, { 'content-type': 'application/json' })
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    let sent = 0
    const more = () => {
      while (sent < 64 && res.write(chunk)) sent++
      if (sent < 64) res.once('drain', more)
      else res.end()
    }
    more()
  },
  '/declared-huge': (_req, res) => {
    res.writeHead(200, { 'content-length': String(MAX_LNURL_REQUEST_BYTES + 1) })
    res.write('{')
  },
  '/slow': () => {},
  '/slow-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.write('{"tag":')
  },
  '/redirect-ok': (_req, res) => {
    res.writeHead(302, { location: '/ok' })
    res.end()
  },
  '/redirect-loop': (_req, res) => {
    res.writeHead(302, { location: '/redirect-loop' })
    res.end()
  },
  '/redirect-insecure': (_req, res) => {
    res.writeHead(302, { location: 'http://shop.example/ok' })
    res.end()
  },
  '/redirect-nowhere': (_req, res) => {
    res.writeHead(302)
    res.end()
  },
  '/callback-insecure': json(payRequest({ callback: 'http://evil.example/cb' })),
  '/callback-elsewhere': json(payRequest({ callback: 'https://evil.example/cb' })),
  '/callback-not-url': json(payRequest({ callback: 'not a url' })),
  '/min-above-max': json(payRequest({ minSendable: 3000 })),
  '/min-zero': json(payRequest({ minSendable: 0 })),
  '/fractional': json(payRequest({ maxSendable: 1500.5 })),
  '/unsafe': json(payRequest({ maxSendable: 2 ** 60 })),
  '/string-amount': json(payRequest({ maxSendable: '2000' })),
  '/no-plain': json(payRequest({ metadata: '[["text/identifier","a@b.c"]]' })),
  '/metadata-array': json(payRequest({ metadata: [['text/plain', 'x']] })),
  '/negative-comment': json(payRequest({ commentAllowed: -1 })),
}

let server: ReturnType<typeof createServer>
beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname]
    if (route) route(req, res)
    else json({ status: 'ERROR', reason: 'not found' }, 404)(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  routes['/withdraw'] = json({
    tag: 'withdrawRequest',
    callback: `${origin}/w`,
    k1: 'k',
    defaultDescription: 'refund',
    minWithdrawable: 0,
    maxWithdrawable: 5000,
  })
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const at = (path: string) => encodeLnurl(`${origin}${path}`)
async function failure(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    return error as { code: string; problem?: string; reason?: string; message: string }
  }
  throw new Error('expected a failure')
}

describe('fetchLnurl against a hostile service', () => {
  it('reads a pay request, through a redirect, with amounts as bigint msat', async () => {
    for (const path of ['/ok', '/redirect-ok']) {
      const request = await fetchLnurl({ allowLocalHosts: true, lnurl: at(path) })
      expect(request).toMatchObject({
        tag: 'payRequest',
        url: `${origin}/ok`,
        domain: new URL(origin).host,
        minSendableMsat: 1000n,
        maxSendableMsat: 2000n,
        description: 'Beans',
        metadata,
        commentAllowed: 0,
      })
    }
    expect(await fetchLnurl({ allowLocalHosts: true, lnurl: at('/withdraw') })).toMatchObject({
      tag: 'withdrawRequest',
      k1: 'k',
      minWithdrawableMsat: 0n,
      maxWithdrawableMsat: 5000n,
    })
  })

  it("carries the service's ERROR reason, trimmed, as LNURL_SERVICE_ERROR", async () => {
    const error = await failure(fetchLnurl({ allowLocalHosts: true, lnurl: at('/error') }))
    expect(error.code).toBe('LNURL_SERVICE_ERROR')
    expect(error.reason).toHaveLength(200)
    expect(error.reason?.startsWith('closed <b>today</b>')).toBe(true)
  })

  it.each([
    ['/login', 'wrong-tag'],
    ['/no-tag', 'wrong-tag'],
    ['/html', 'not-json'],
    ['/array', 'not-json'],
    ['/huge', 'too-large'],
    ['/declared-huge', 'too-large'],
    ['/redirect-loop', 'redirect'],
    ['/redirect-nowhere', 'redirect'],
    ['/callback-not-url', 'fields'],
    ['/min-above-max', 'fields'],
    ['/min-zero', 'fields'],
    ['/fractional', 'fields'],
    ['/unsafe', 'fields'],
    ['/string-amount', 'fields'],
    ['/no-plain', 'fields'],
    ['/metadata-array', 'fields'],
    ['/negative-comment', 'fields'],
  ])('%s is LNURL_BAD_RESPONSE (%s)', async (path, problem) => {
    const error = await failure(fetchLnurl({ allowLocalHosts: true, lnurl: at(path) }))
    expect(error).toMatchObject({ code: 'LNURL_BAD_RESPONSE', problem })
  })

  it('refuses plain http off loopback, for a redirect or a callback, before reaching it', async () => {
    const reached: string[] = []
    const fetch: typeof globalThis.fetch = (input, init) => {
      reached.push(String(input))
      return globalThis.fetch(input, init)
    }
    for (const path of ['/redirect-insecure', '/callback-insecure']) {
      const error = await failure(fetchLnurl({ allowLocalHosts: true, lnurl: at(path), fetch }))
      expect(error).toMatchObject({ code: 'LNURL_INSECURE' })
    }
    expect(
      (await failure(fetchLnurl({ allowLocalHosts: true, lnurl: at('/redirect-insecure') })))
        .message,
    ).toContain('shop.example')
    expect(reached.every((url) => url.startsWith(origin))).toBe(true)
  })

  it('refuses local and private hosts unless allowed: as the LNURL, or as a public service’s redirect', async () => {
    const reached: string[] = []
    const recording: typeof globalThis.fetch = async (input, init) => {
      reached.push(String(input))
      if (String(input).startsWith('https://shop.example/'))
        return new Response(null, {
          status: 302,
          headers: { location: 'http://127.0.0.1:2375/containers/json' },
        })
      return globalThis.fetch(input, init)
    }
    for (const lnurl of [at('/ok'), 'carol@127.0.0.1:9', encodeLnurl('https://10.0.0.7/x')]) {
      const error = await failure(fetchLnurl({ lnurl, fetch: recording }))
      expect(error).toMatchObject({ code: 'LNURL_INSECURE' })
    }
    expect(reached).toEqual([])
    const error = await failure(
      fetchLnurl({ lnurl: encodeLnurl('https://shop.example/pay'), fetch: recording }),
    )
    expect(error).toMatchObject({ code: 'LNURL_INSECURE', host: '127.0.0.1:2375' })
    expect(reached).toEqual(['https://shop.example/pay'])
  })

  it('holds redirects to the LNURL’s host with requireSameHost, and refuses bad options with typed errors', async () => {
    const error = await failure(
      fetchLnurl({
        lnurl: encodeLnurl('https://shop.example/pay'),
        requireSameHost: true,
        fetch: async () =>
          new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/p' } }),
      }),
    )
    expect(error).toMatchObject({ code: 'LNURL_BAD_RESPONSE', problem: 'callback-host' })
    for (const options of [
      { timeoutMs: 1.5 },
      { timeoutMs: Number.NaN },
      { signal: {} as AbortSignal },
    ])
      expect(
        await failure(fetchLnurl({ allowLocalHosts: true, lnurl: at('/ok'), ...options })),
      ).toMatchObject({ code: 'INVALID_ARGUMENT' })
  })

  it('allows a callback on another host unless requireSameHost', async () => {
    expect(
      (await fetchLnurl({ allowLocalHosts: true, lnurl: at('/callback-elsewhere') })).callback,
    ).toBe('https://evil.example/cb')
    const error = await failure(
      fetchLnurl({
        allowLocalHosts: true,
        lnurl: at('/callback-elsewhere'),
        requireSameHost: true,
      }),
    )
    expect(error).toMatchObject({ code: 'LNURL_BAD_RESPONSE', problem: 'callback-host' })
  })

  it('times out a silent service, or one that stops mid-body, and honours the caller’s abort', async () => {
    for (const path of ['/slow', '/slow-body']) {
      const started = Date.now()
      const error = await failure(
        fetchLnurl({ allowLocalHosts: true, lnurl: at(path), timeoutMs: 300 }),
      )
      expect(error.code).toBe('TIMEOUT')
      expect(Date.now() - started).toBeLessThan(5_000)
    }
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const error = await failure(
      fetchLnurl({ allowLocalHosts: true, lnurl: at('/slow'), signal: controller.signal }),
    )
    expect(error.code).toBe('ABORTED')
  })

  it('is LNURL_SERVICE_ERROR when nothing listens', async () => {
    const error = await failure(
      fetchLnurl({ allowLocalHosts: true, lnurl: encodeLnurl('http://127.0.0.1:9/x') }),
    )
    expect(hasErrorCode(error, 'LNURL_SERVICE_ERROR')).toBe(true)
  })
})
