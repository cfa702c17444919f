import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeskHandler } from './createDeskHandler.js'
import { serveDeskHandler } from './serveDeskHandler.js'

const LIMIT = 16_384

/** A handler that records the requests it gets and answers with the body's length. */
function recordingHandler(maxBodyBytes = LIMIT) {
  const seen: { method: string; url: string; body: Uint8Array }[] = []
  const handler = Object.assign(
    async (r: Request) => {
      const body = new Uint8Array(await r.arrayBuffer())
      seen.push({ method: r.method, url: r.url, body })
      return new Response(JSON.stringify({ bytes: body.length }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })
    },
    { maxBodyBytes },
  ) satisfies DeskHandler
  return { handler, seen }
}

/** An IncomingMessage stand-in whose body counts what was read from it. */
function fakeRequest(p: {
  method?: string
  url?: string
  headers?: Record<string, string>
  totalBytes: number
  chunkBytes: number
}) {
  const state = { readBytes: 0 }
  const req = new Readable({
    highWaterMark: 0,
    read() {
      const size = Math.min(p.chunkBytes, p.totalBytes - state.readBytes)
      if (size <= 0) {
        this.push(null)
        return
      }
      state.readBytes += size
      this.push(Buffer.alloc(size, 0x61))
    },
  })
  Object.assign(req, {
    method: p.method ?? 'POST',
    url: p.url ?? '/v1/quotes',
    headers: p.headers ?? {},
  })
  return { req: req as unknown as IncomingMessage, state }
}

function fakeResponse() {
  const out = {
    status: 0,
    headers: {} as Record<string, string>,
    body: '',
    ended: false,
    headersSent: false,
  }
  const res = {
    get headersSent() {
      return out.headersSent
    },
    writeHead(status: number, headers: Record<string, string> = {}) {
      out.status = status
      out.headers = headers
      out.headersSent = true
      return res
    },
    end(data?: Uint8Array | string) {
      out.body = data === undefined ? '' : Buffer.from(data).toString()
      out.ended = true
      return res
    },
  }
  return { res: res as unknown as ServerResponse, out }
}

describe('serveDeskHandler holds node:http bodies to the handler limit', () => {
  it('a declared content-length above the limit: 413 before a byte is read', async () => {
    const { handler, seen } = recordingHandler()
    const { req, state } = fakeRequest({
      headers: { 'content-length': String(10 * 1_048_576) },
      totalBytes: 10 * 1_048_576,
      chunkBytes: 65_536,
    })
    const { res, out } = fakeResponse()
    await serveDeskHandler(handler, '127.0.0.1', req, res)
    expect(out.status).toBe(413)
    expect(out.headers.connection).toBe('close')
    expect(JSON.parse(out.body)).toMatchObject({
      error: { code: 'BAD_REQUEST', reason: 'BAD_REQUEST' },
    })
    expect(state.readBytes).toBe(0)
    expect(seen).toEqual([])
  })

  it('no content-length, or a lying one: reading stops once past the limit', async () => {
    for (const headers of [{}, { 'content-length': '10' }]) {
      const { handler, seen } = recordingHandler()
      const { req, state } = fakeRequest({ headers, totalBytes: 10 * 1_048_576, chunkBytes: 1_000 })
      const { res, out } = fakeResponse()
      await serveDeskHandler(handler, '127.0.0.1', req, res)
      expect(out.status).toBe(413)
      expect(state.readBytes).toBeGreaterThan(LIMIT)
      // What the stream had buffered ahead at most.
      expect(state.readBytes).toBeLessThanOrEqual(LIMIT + 2_000)
      expect(seen).toEqual([])
    }
  })

  it('a body within the limit reaches the handler as sent; a malformed request line is a 400', async () => {
    const { handler, seen } = recordingHandler()
    const { req } = fakeRequest({
      url: '/v1/loans/ab?after=1',
      headers: { host: '[', 'content-length': String(LIMIT) },
      totalBytes: LIMIT,
      chunkBytes: 999,
    })
    const { res, out } = fakeResponse()
    await serveDeskHandler(handler, '::1', req, res)
    expect(out.status).toBe(200)
    expect(seen).toHaveLength(1)
    expect(seen[0]!.url).toBe('http://[::1]/v1/loans/ab?after=1')
    expect(seen[0]!.body).toEqual(new Uint8Array(LIMIT).fill(0x61))
    for (const url of ['*', 'http://other.example/v1/info', '']) {
      const bad = fakeRequest({ url, method: 'GET', totalBytes: 0, chunkBytes: 1 })
      const answer = fakeResponse()
      await serveDeskHandler(handler, '127.0.0.1', bad.req, answer.res)
      expect(answer.out.status).toBe(400)
      expect(JSON.parse(answer.out.body).error.reason).toBe('BAD_REQUEST')
    }
    expect(seen).toHaveLength(1)
  })

  it('property: any method, path, host header, size, chunking and declared length', async () => {
    let runs = 0
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'),
        fc.oneof(
          fc.constantFrom('/v1/info', '/v1/quotes', '/', '*', ''),
          fc.string({ maxLength: 30 }),
          fc.string({ maxLength: 30 }).map((p) => `/${encodeURIComponent(p)}`),
        ),
        fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
        fc.integer({ min: 64, max: 20_000 }),
        fc.integer({ min: 0, max: 50_000 }),
        fc.integer({ min: 128, max: 8_192 }),
        fc.constantFrom('none', 'honest', 'lower', 'higher', 'junk'),
        async (method, url, host, limit, size, chunk, declaredMode) => {
          runs++
          const { handler, seen } = recordingHandler(limit)
          const declared = {
            none: undefined,
            honest: String(size),
            lower: String(Math.floor(size / 2)),
            higher: String(size + limit + 1),
            junk: '12abc',
          }[declaredMode]
          const { req, state } = fakeRequest({
            method,
            url,
            headers: {
              ...(host === undefined ? {} : { host }),
              ...(declared === undefined ? {} : { 'content-length': declared }),
            },
            totalBytes: size,
            chunkBytes: chunk,
          })
          const { res, out } = fakeResponse()
          await serveDeskHandler(handler, '127.0.0.1', req, res)
          expect(out.ended).toBe(true)
          expect(out.status).toBeGreaterThanOrEqual(200)
          expect(out.status).toBeLessThan(500)
          expect(state.readBytes).toBeLessThanOrEqual(limit + 2 * chunk)
          if (declaredMode === 'junk' || declaredMode === 'higher') {
            expect(out.status).toBe(declaredMode === 'junk' ? 400 : 413)
            expect(state.readBytes).toBe(0)
          } else if (size > limit) {
            expect(out.status).toBe(413)
          }
          if (out.status === 200) {
            expect(seen).toHaveLength(1)
            const hasBody = !/^(GET|HEAD)$/.test(method)
            expect(seen[0]!.body.length).toBe(hasBody ? size : 0)
            expect(url.startsWith('/')).toBe(true)
          } else expect(seen).toEqual([])
        },
      ),
      { numRuns: 2_000 },
    )
    console.info(`serveDeskHandler fuzz: 1 property, ${runs} requests`)
  })
})

describe('startDesk-style node:http server', () => {
  let url: URL
  const { handler, seen } = recordingHandler()
  const server = createServer((req, res) => {
    serveDeskHandler(handler, '127.0.0.1', req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  /** Sends up to `maxBytes` in 16 KiB chunks until the answer comes. */
  function post(headers: Record<string, string>, maxBytes: number) {
    return new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      let sent = 0
      let answered = false
      const r = request(url, { method: 'POST', path: '/v1/quotes', headers }, (response) => {
        answered = true
        const chunks: Buffer[] = []
        response.on('data', (c: Buffer) => chunks.push(c))
        response.on('end', () =>
          resolve({ status: response.statusCode!, body: Buffer.concat(chunks).toString(), sent }),
        )
        response.on('error', reject)
      })
      r.on('error', (error) => {
        if (!answered) reject(error)
      })
      const chunk = Buffer.alloc(16_384, 0x20)
      const write = () => {
        while (!answered && sent < maxBytes) {
          sent += chunk.length
          if (!r.write(chunk)) {
            r.once('drain', write)
            return
          }
        }
      }
      write()
    })
  }

  it('answers 413 to a declared oversize body without waiting for it', async () => {
    const answer = await post({ 'content-length': String(100 * 1_048_576) }, 65_536)
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body).error.reason).toBe('BAD_REQUEST')
    expect(seen).toEqual([])
  })

  it('answers 413 to an endless chunked body and closes the connection', async () => {
    const answer = await post({ 'transfer-encoding': 'chunked' }, 100 * 1_048_576)
    expect(answer.status).toBe(413)
    expect(answer.sent).toBeLessThan(100 * 1_048_576)
    expect(seen).toEqual([])
  })
})
