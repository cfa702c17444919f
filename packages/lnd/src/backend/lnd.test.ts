import { inspect } from 'node:util'
import { BaseError, ConfigurationError, hasErrorCode } from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import { afterEach, describe, expect, it } from 'vitest'
import * as fx from '../../../wire/src/testing/lndReplies.js'
import {
  type Handler,
  type LocalServer,
  localServer,
  pause,
  writeChunks,
} from '../testing/localServer.js'
import { testCert, testKey } from '../testing/tlsFixture.js'
import { type LndBackend, lnd } from './lnd.js'

const macaroon =
  '0201036c6e6402f801030a10b3bf5e4b2e7c0e8c1f0a9d8e7c6b5a4f1201301a160a0761646472657373'
const hash = 'ad866bd298d07083ca4a881e3133872877e30ee6dabc3ad5b7711c72b9c39408'
const carol = '0324bce54c1b527644839af50fe922707fd1af8a56d17cae0332263e9828c83860'

const servers: LocalServer[] = []
const backends: LndBackend[] = []

afterEach(async () => {
  await Promise.all(backends.splice(0).map((backend) => backend.close()))
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function setup(
  handler: Handler,
  options: { timeoutMs?: number; retry?: number } = {},
): Promise<{ backend: LndBackend; server: LocalServer }> {
  const server = await localServer(handler)
  servers.push(server)
  // The local server speaks plain HTTP on 127.0.0.1: the loopback opt-in.
  const backend = lnd({ url: server.url, macaroon, allowInsecureHttp: true, ...options })
  backends.push(backend)
  return { backend, server }
}

function json(status: number, body: unknown): Handler {
  return (_, res) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
}

async function caught(promise: Promise<unknown>): Promise<Error & { code?: unknown }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { code?: unknown }
  }
  throw new Error('expected a rejection')
}

function expectNoMacaroon(value: unknown): void {
  const renderings = [
    String(value),
    inspect(value, { depth: 20, showHidden: true }),
    JSON.stringify(value) ?? '',
    value instanceof Error ? (value.stack ?? '') : '',
  ]
  for (const text of renderings) expect(text).not.toContain(macaroon)
}

describe('lnd() transport', () => {
  it('calls GET /v1/getinfo with the macaroon header and maps the reply', async () => {
    const { backend, server } = await setup(json(200, fx.getInfo))
    const info = await backend.call(rpcs.getInfo)
    expect(info.pubkey).toBe(fx.getInfo.identity_pubkey)
    expect(info.network).toBe('regtest')
    expect(server.requests).toHaveLength(1)
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/v1/getinfo' })
    expect(server.requests[0]?.headers['grpc-metadata-macaroon']).toBe(macaroon)
  })

  it('accepts the macaroon as bytes and strips credentials and trailing slash from the target', async () => {
    const server = await localServer(json(200, fx.walletBalance))
    servers.push(server)
    const url = server.url.replace('http://', 'http://user:secret@')
    const backend = lnd({
      url: `${url}/`,
      macaroon: Uint8Array.from(Buffer.from(macaroon, 'hex')),
      allowInsecureHttp: true,
    })
    backends.push(backend)
    expect(backend.target).toBe(server.url)
    expect((await backend.call(rpcs.walletBalance)).totalSat).toBe(1_256_489_999_303n)
    expect(server.requests[0]?.headers['grpc-metadata-macaroon']).toBe(macaroon)
    expect(server.requests[0]?.headers.authorization).toBeUndefined()
  })

  it('sends bytes in JSON bodies as base64 and hashes in paths as lnd wants them', async () => {
    const { backend, server } = await setup((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      if (req.url?.startsWith('/v2/router/track/'))
        return void res.end(`${JSON.stringify({ result: fx.paymentSucceeded })}\n`)
      if (req.url?.startsWith('/v1/invoice/')) return void res.end(JSON.stringify(fx.invoiceOpen))
      res.end('{}')
    })
    await backend.call(rpcs.cancelInvoice, hash)
    await backend.call(rpcs.lookupInvoice, hash.toUpperCase())
    for await (const payment of backend.stream(rpcs.trackPayment, hash))
      expect(payment.status).toBe('SUCCEEDED')
    expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      [
        'POST',
        '/v2/invoices/cancel',
        '{"payment_hash":"rYZr0pjQcIPKSogeMTOHKHfjDubavDrVt3EccrnDlAg="}',
      ],
      ['GET', `/v1/invoice/${hash}`, ''],
      // base64url WITH its padding: lnd's gateway refuses it unpadded.
      [
        'GET',
        '/v2/router/track/rYZr0pjQcIPKSogeMTOHKHfjDubavDrVt3EccrnDlAg=?no_inflight_updates=false',
        '',
      ],
    ])
  })

  it('maps a unary non-2xx body through fromLndError (permission denied)', async () => {
    const { backend } = await setup(
      json(500, { code: 2, message: 'permission denied', details: [] }),
    )
    const error = await caught(backend.call(rpcs.getInfo))
    expect(error).toBeInstanceOf(BaseError)
    expect(error.code).toBe('PERMISSION_DENIED')
    expect(error.message).toContain('permission denied')
    expectNoMacaroon(error)
  })

  it('maps an error body that is not JSON, keeping its text', async () => {
    const { backend } = await setup(
      (_, res) => {
        res.writeHead(502, { 'content-type': 'text/html' })
        res.end('<html>bad gateway</html>')
      },
      { retry: 0 },
    )
    const error = await caught(backend.call(rpcs.getInfo))
    expect(error).toBeInstanceOf(BaseError)
    expect(error.message).toContain('bad gateway')
  })

  it('redacts the macaroon from an error page that echoes it, even where the message is cut', async () => {
    const { backend } = await setup(
      (req, res) => {
        res.writeHead(400, { 'content-type': 'text/plain' })
        // The echoed macaroon straddles the 200th character, where the message is cut.
        res.end(`bad request ${'.'.repeat(170)} ${req.headers['grpc-metadata-macaroon']} end`)
      },
      { retry: 0 },
    )
    const error = await caught(backend.call(rpcs.getInfo))
    expect(error.message).toContain('bad request')
    expect(error.message).not.toContain(macaroon.slice(0, 12))
    expectNoMacaroon(error)
  })

  it('never retries a POST (a payment, an invoice) on 503', async () => {
    const { backend, server } = await setup(
      json(503, { code: 14, message: 'unavailable', details: [] }),
    )
    await caught(backend.call(rpcs.addInvoice, { valueMsat: 1000n }))
    const stream = backend.stream(rpcs.sendPayment, {
      paymentRequest: 'lnbcrt1',
      feeLimitMsat: 1n,
      timeoutSeconds: 5,
    })
    await caught(
      (async () => {
        for await (const _ of stream) {
          // nothing
        }
      })(),
    )
    await pause(700)
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v1/invoices',
      'POST /v2/router/send',
    ])
  })

  it('never retries a DELETE (a channel close) on 503', async () => {
    const { backend, server } = await setup(json(503, { code: 14, message: 'unavailable' }))
    const stream = backend.stream(rpcs.closeChannel, {
      channelPoint: { txid: hash, outputIndex: 0 },
    })
    const error = await caught(
      (async () => {
        for await (const _ of stream) {
          // nothing
        }
      })(),
    )
    expect(error).toBeInstanceOf(BaseError)
    await pause(700)
    expect(server.requests).toHaveLength(1)
  })

  it('never retries newAddress, a GET that derives a new address each time', async () => {
    const { backend, server } = await setup(json(503, { code: 14, message: 'unavailable' }))
    expect(await caught(backend.call(rpcs.newAddress, 'p2wkh'))).toBeInstanceOf(BaseError)
    await pause(700)
    expect(server.requests).toHaveLength(1)
  })

  it('retries a GET on 503 until it succeeds', async () => {
    let calls = 0
    const { backend, server } = await setup((req, res) => {
      calls += 1
      if (calls < 3) return json(503, { code: 14, message: 'server is still starting' })(req, res)
      return json(200, fx.getInfo)(req, res)
    })
    const info = await backend.call(rpcs.getInfo)
    expect(info.alias).toBe('alice')
    expect(server.requests).toHaveLength(3)
  })

  it('retries a GET whose connection drops, never the POST', async () => {
    let calls = 0
    const { backend, server } = await setup((req, res) => {
      calls += 1
      if (calls === 1 || req.method === 'POST') return void res.socket?.destroy()
      return json(200, fx.getInfo)(req, res)
    })
    expect((await backend.call(rpcs.getInfo)).alias).toBe('alice')
    const error = await caught(backend.call(rpcs.addInvoice, { valueMsat: 1n }))
    expect(error.name).toBe('NodeUnreachableError')
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'POST'])
  })

  it('does not retry a GET on 500: lnd sends its application errors as 500', async () => {
    const { backend, server } = await setup(
      json(500, { code: 2, message: 'unable to locate invoice' }),
    )
    const error = await caught(backend.call(rpcs.lookupInvoice, hash))
    expect(error.message).toContain('unable to locate invoice')
    expect(server.requests).toHaveLength(1)
  })

  it('gives up on a GET after `retry` retries', async () => {
    const { backend, server } = await setup(json(503, { code: 14, message: 'starting' }), {
      retry: 1,
    })
    const error = await caught(backend.call(rpcs.getInfo))
    expect(error).toBeInstanceOf(BaseError)
    expect(server.requests).toHaveLength(2)
  })

  it('times out a unary call → TimeoutError, macaroon-free', async () => {
    const { backend } = await setup(
      () => {
        // never answers
      },
      { timeoutMs: 100 },
    )
    const started = Date.now()
    const error = await caught(backend.call(rpcs.getInfo))
    expect(Date.now() - started).toBeLessThan(2000)
    expect(error.name).toBe('TimeoutError')
    expect(error).toBeInstanceOf(BaseError)
    expectNoMacaroon(error)
  })

  it('times out a reply whose body stalls', async () => {
    const { backend } = await setup(
      (_, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.write('{"identity_pubkey":')
      },
      { timeoutMs: 100 },
    )
    const error = await caught(backend.call(rpcs.getInfo))
    expect(error.name).toBe('TimeoutError')
  })

  it('uses a custom fetch, handing it the pool, with the timeout on an AbortSignal', async () => {
    const seen: { dispatcher: boolean; signal: boolean }[] = []
    const server = await localServer((req, res) => {
      if (req.url === '/v1/getinfo') return json(200, fx.getInfo)(req, res)
      // never answers anything else
    })
    servers.push(server)
    const backend = lnd({
      url: server.url,
      macaroon,
      allowInsecureHttp: true,
      timeoutMs: 100,
      fetch: (input, init) => {
        seen.push({ dispatcher: 'dispatcher' in (init ?? {}), signal: init?.signal != null })
        return fetch(input, init)
      },
    })
    backends.push(backend)
    expect((await backend.call(rpcs.getInfo)).alias).toBe('alice')
    const error = await caught(backend.call(rpcs.walletBalance))
    expect(error.name).toBe('TimeoutError')
    expect(seen).toEqual([
      { dispatcher: true, signal: true },
      { dispatcher: true, signal: true },
    ])
  })

  it('has no timeout on streams', async () => {
    const { backend } = await setup(
      async (_, res) => {
        await writeChunks(res, [], { end: false })
        await pause(300)
        await writeChunks(res, [`${JSON.stringify({ result: fx.paymentSucceeded })}\n`])
      },
      { timeoutMs: 100 },
    )
    const statuses: string[] = []
    for await (const payment of backend.stream(rpcs.trackPayment, hash))
      statuses.push(payment.status)
    expect(statuses).toEqual(['SUCCEEDED'])
  })

  it('maps an unreachable node → NodeUnreachableError with a cause, macaroon-free', async () => {
    const server = await localServer(json(200, {}))
    const url = server.url
    await server.close()
    const backend = lnd({ url, macaroon, retry: 0, allowInsecureHttp: true })
    backends.push(backend)
    const error = await caught(backend.call(rpcs.getInfo))
    expect(error.name).toBe('NodeUnreachableError')
    expect(error).toBeInstanceOf(BaseError)
    expect(error.cause).toBeDefined()
    expectNoMacaroon(error)
  })

  it('maps an abort of a unary call → AbortedError', async () => {
    const { backend } = await setup(() => {
      // never answers
    })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const error = await caught(backend.call(rpcs.getInfo, undefined, { signal: controller.signal }))
    expect(error.name).toBe('AbortedError')
    expectNoMacaroon(error)
    const already = await caught(
      backend.call(rpcs.getInfo, undefined, { signal: AbortSignal.abort() }),
    )
    expect(already.name).toBe('AbortedError')
  })

  it('ends a stream quietly on abort, before or after its first message', async () => {
    const { backend } = await setup(async (_, res) => {
      await writeChunks(res, [`${JSON.stringify({ result: fx.holdInvoiceAccepted })}\n`], {
        end: false,
      })
    })
    const controller = new AbortController()
    const states: string[] = []
    for await (const invoice of backend.stream(rpcs.subscribeSingleInvoice, hash, {
      signal: controller.signal,
    })) {
      states.push(invoice.state)
      controller.abort()
    }
    expect(states).toEqual(['ACCEPTED'])
    const early = new AbortController()
    setTimeout(() => early.abort(), 30)
    const silent = await setup(() => {
      // headers never come
    })
    for await (const _ of silent.backend.stream(
      rpcs.subscribeInvoices,
      {},
      { signal: early.signal },
    )) {
      throw new Error('no message expected')
    }
  })

  it('streams send updates, then throws the error line lnd sends mid-stream', async () => {
    const { backend, server } = await setup((_, res) =>
      writeChunks(res, [
        `${JSON.stringify({ result: fx.paymentInFlight })}\n`,
        '{"error":{"code":2,"message":"payment is in transition","details":[]}}',
      ]),
    )
    const statuses: string[] = []
    const error = await caught(
      (async () => {
        for await (const payment of backend.stream(rpcs.sendPayment, {
          dest: carol,
          paymentHash: hash,
          amountMsat: 1500n,
          feeLimitMsat: 10n,
          timeoutSeconds: 30,
          destCustomRecords: { '5482373484': new Uint8Array([1]) },
        }))
          statuses.push(payment.status)
      })(),
    )
    expect(statuses).toEqual(['IN_FLIGHT'])
    expect(error).toBeInstanceOf(BaseError)
    expect(error.code).toBe('PAYMENT_IN_FLIGHT') // "payment is in transition", mapped by core
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
      fee_limit_msat: '10',
      timeout_seconds: 30,
      no_inflight_updates: false,
      dest: 'AyS85UwbUnZEg5r1D+kicH/Rr4pW0XyuAzImPpgoyDhg',
      payment_hash: 'rYZr0pjQcIPKSogeMTOHKHfjDubavDrVt3EccrnDlAg=',
      amt_msat: '1500',
      dest_custom_records: { '5482373484': 'AQ==' },
    })
  })

  it('takes a stream that lnd cancels (gRPC CANCELED, as it shuts down) for a dropped node', async () => {
    const { backend } = await setup((_, res) =>
      writeChunks(res, [
        `${JSON.stringify({ result: fx.holdInvoiceAccepted })}\n`,
        `${JSON.stringify({ error: { code: 1, message: 'context canceled' } })}\n`,
      ]),
    )
    const error = await caught(
      (async () => {
        for await (const _ of backend.stream(rpcs.subscribeSingleInvoice, hash)) {
          // ACCEPTED, then lnd cancels
        }
      })(),
    )
    expect(error.name).toBe('NodeUnreachableError')
    expect((error.cause as { code?: string }).code).toBe('ABORTED')
  })

  it('throws when a stream ends cleanly before its final message (lnd shutting down)', async () => {
    const { backend } = await setup((_, res) =>
      writeChunks(res, [`${JSON.stringify({ result: fx.holdInvoiceAccepted })}\n`]),
    )
    const states: string[] = []
    const error = await caught(
      (async () => {
        for await (const invoice of backend.stream(rpcs.subscribeSingleInvoice, hash))
          states.push(invoice.state)
      })(),
    )
    expect(states).toEqual(['ACCEPTED'])
    expect(error.name).toBe('NodeUnreachableError')
    const endless = await caught(
      (async () => {
        for await (const _ of backend.stream(rpcs.subscribeInvoices, {})) {
          // one invoice, then the end
        }
      })(),
    )
    expect(endless.name).toBe('NodeUnreachableError')
    // A final state, then the end: a normal end.
    const settled = await setup((_, res) =>
      writeChunks(res, [`${JSON.stringify({ result: fx.holdInvoiceSettled })}\n`]),
    )
    const seen: string[] = []
    for await (const invoice of settled.backend.stream(rpcs.subscribeSingleInvoice, hash))
      seen.push(invoice.state)
    expect(seen).toEqual(['SETTLED'])
  })

  it('maps a stream refused before its first message ({"error"} body, non-2xx)', async () => {
    const { backend } = await setup(
      json(500, { error: { code: 2, message: 'permission denied', details: [] } }),
    )
    const error = await caught(
      (async () => {
        for await (const _ of backend.stream(rpcs.sendPayment, {
          paymentRequest: 'lnbcrt1',
          feeLimitMsat: 1n,
          timeoutSeconds: 5,
        })) {
          // nothing
        }
      })(),
    )
    expect(error.code).toBe('PERMISSION_DENIED')
    expectNoMacaroon(error)
  })

  it('treats "already connected" as a successful connectPeer', async () => {
    const { backend } = await setup(
      json(500, {
        code: 2,
        message: `already connected to peer: ${carol}@127.0.0.1:9735`,
        details: [],
      }),
    )
    await expect(
      backend.call(rpcs.connectPeer, { pubkey: carol, host: '127.0.0.1:9735' }),
    ).resolves.toBeUndefined()
  })

  it('turns a reply that is not lnd JSON into a ProtocolError', async () => {
    const { backend } = await setup((_, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end('hello')
    })
    const error = await caught(backend.call(rpcs.getInfo))
    expect(error.name).toBe('ProtocolError')
    const wrongShape = await setup(json(200, { invoices: [{ state: 'OPEN', r_hash: 1 }] }))
    const shapeError = await caught(wrongShape.backend.call(rpcs.listInvoices, {}))
    expect(shapeError).toBeInstanceOf(BaseError)
  })

  it('validates arguments before any request, never quoting a preimage or macaroon', async () => {
    const { backend, server } = await setup(json(200, {}))
    const preimage = 'zz'.repeat(32)
    const error = await caught(backend.call(rpcs.settleInvoice, preimage))
    expect(error).toBeInstanceOf(BaseError)
    expect(error.message).not.toContain(preimage)
    await caught(backend.call(rpcs.lookupInvoice, 'abc'))
    await caught(backend.stream(rpcs.trackPayment, 'abc')[Symbol.asyncIterator]().next())
    expect(server.requests).toHaveLength(0)
    const badMacaroon = { url: server.url, macaroon: `${macaroon}x`, allowInsecureHttp: true }
    expect(() => lnd(badMacaroon)).toThrow(/macaroon/)
    try {
      lnd(badMacaroon)
    } catch (caughtError) {
      expectNoMacaroon(caughtError)
    }
    expect(() => lnd({ url: 'ftp://host', macaroon })).toThrow(BaseError)
  })

  it('shows only kind and target in toJSON, toString and util.inspect', async () => {
    const { backend, server } = await setup(json(200, {}))
    expect(JSON.parse(JSON.stringify(backend))).toEqual({ kind: 'lnd-rest', target: server.url })
    expect(String(backend)).toBe(`LndBackend(${server.url})`)
    expect(inspect(backend)).toBe(`LndBackend { kind: 'lnd-rest', target: '${server.url}' }`)
    expectNoMacaroon(backend)
    expect(inspect(backend, { showHidden: true, depth: 20, customInspect: false })).not.toContain(
      macaroon,
    )
  })
})

describe('lnd() refuses to send the macaroon in clear', () => {
  function refusal(options: Parameters<typeof lnd>[0]): ConfigurationError {
    try {
      backends.push(lnd(options))
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError)
      expect(hasErrorCode(error, 'INVALID_CONFIGURATION')).toBe(true)
      expectNoMacaroon(error)
      return error as ConfigurationError
    }
    throw new Error('expected lnd() to throw')
  }

  it('accepts https://, with or without a cert, to any host', () => {
    for (const url of [
      'https://127.0.0.1:8080',
      'https://node.example:8080',
      'https://[::1]:8080',
    ]) {
      backends.push(lnd({ url, macaroon }), lnd({ url, macaroon, cert: testCert }))
      // The opt-in changes nothing for https.
      backends.push(lnd({ url, macaroon, cert: testCert, allowInsecureHttp: true }))
    }
    expect(backends.map((backend) => backend.target.slice(0, 8))).toEqual(Array(9).fill('https://'))
  })

  it('refuses http:// without the opt-in, loopback or not', () => {
    for (const url of ['http://127.0.0.1:8080', 'http://localhost:8080', 'http://node.example']) {
      const error = refusal({ url, macaroon })
      expect(error.option).toBe('url')
      expect(error.message).toMatch(/http:\/\/.*unencrypted.*allowInsecureHttp/)
      expect(refusal({ url, macaroon, allowInsecureHttp: false }).option).toBe('url')
    }
  })

  it('accepts http:// with the opt-in to a loopback host, and calls it', async () => {
    for (const host of [
      'localhost',
      '127.0.0.1',
      '127.42.0.9',
      '[::1]',
      '[0:0:0:0:0:0:0:1]',
      '127.1',
    ])
      backends.push(lnd({ url: `http://${host}:8080`, macaroon, allowInsecureHttp: true }))
    expect(backends.map((backend) => backend.target)).toEqual([
      'http://localhost:8080',
      'http://127.0.0.1:8080',
      'http://127.42.0.9:8080',
      'http://[::1]:8080',
      'http://[::1]:8080',
      'http://127.0.0.1:8080',
    ])
    const { backend, server } = await setup(json(200, fx.getInfo))
    expect((await backend.call(rpcs.getInfo)).alias).toBe('alice')
    expect(server.requests[0]?.headers['grpc-metadata-macaroon']).toBe(macaroon)
  })

  it('refuses http:// to any other host, even with the opt-in', () => {
    for (const host of [
      'node.example',
      '10.0.0.5',
      '192.168.1.10',
      '128.0.0.1',
      '[::2]',
      '[::ffff:127.0.0.1]',
      'localhost.example',
      '127.0.0.1.nip.io',
    ]) {
      const error = refusal({ url: `http://${host}:8080`, macaroon, allowInsecureHttp: true })
      expect(error.option).toBe('allowInsecureHttp')
      expect(error.message).toContain('only to a loopback host')
    }
  })

  it('refuses a cert with http://, which would not use it', () => {
    const error = refusal({
      url: 'http://127.0.0.1:8080',
      macaroon,
      cert: testCert,
      allowInsecureHttp: true,
    })
    expect(error.option).toBe('cert')
    expect(error.message).toMatch(/cert.*http:\/\/.*not be used/)
    // Without the opt-in, http:// itself is refused first.
    expect(refusal({ url: 'http://127.0.0.1:8080', macaroon, cert: testCert }).option).toBe('url')
  })

  it('never shows the macaroon, nor the credentials of the url, in the refusal', () => {
    const bytes = Uint8Array.from(Buffer.from(macaroon, 'hex'))
    for (const options of [
      { url: 'http://user:hunter2pw@node.example:8080', macaroon },
      { url: 'http://user:hunter2pw@node.example:8080', macaroon: bytes, allowInsecureHttp: true },
      {
        url: 'http://user:hunter2pw@127.0.0.1:8080',
        macaroon,
        cert: testCert,
        allowInsecureHttp: true,
      },
    ]) {
      const error = refusal(options)
      for (const text of [String(error), error.stack ?? '', JSON.stringify(error), inspect(error)])
        expect(text).not.toContain('hunter2pw')
    }
  })
})

describe('lnd() over TLS', () => {
  it('trusts the given certificate (PEM string or bytes) and nothing else', async () => {
    const server = await localServer(json(200, fx.getInfo), {
      tls: { key: testKey, cert: testCert },
    })
    servers.push(server)
    const pinned = lnd({ url: server.url, macaroon, cert: testCert })
    const pinnedBytes = lnd({ url: server.url, macaroon, cert: new TextEncoder().encode(testCert) })
    const systemCas = lnd({ url: server.url, macaroon, retry: 0 })
    backends.push(pinned, pinnedBytes, systemCas)
    expect((await pinned.call(rpcs.getInfo)).alias).toBe('alice')
    expect((await pinnedBytes.call(rpcs.getInfo)).alias).toBe('alice')
    const error = await caught(systemCas.call(rpcs.getInfo))
    expect(error.name).toBe('NodeUnreachableError')
    expectNoMacaroon(error)
  })

  it('keeps connections alive across calls', async () => {
    const server = await localServer(json(200, fx.getInfo), {
      tls: { key: testKey, cert: testCert },
    })
    servers.push(server)
    const backend = lnd({ url: server.url, macaroon, cert: testCert })
    backends.push(backend)
    for (let i = 0; i < 10; i++) await backend.call(rpcs.getInfo)
    // undici may open a second socket while the first is being released; never one per call.
    const ports = new Set(server.requests.map((r) => r.remotePort))
    expect(server.requests).toHaveLength(10)
    expect(ports.size).toBeLessThanOrEqual(2)
  })
})
