import { bytesToUtf8, sha256Hex, utf8ToBytes } from '@btcfi/core'
import { createClient } from '@btcfi/sdk'
import { backendOf } from '@btcfi/wire'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { deskCaller } from '../agent/deskCaller.js'
import { loanErrorReasons } from '../errors/LoanError.js'
import { requestSigningText, SIGNATURE_HEADERS } from '../protocol/signedRequest.js'
import type { LoanStore } from '../store/LoanStore.js'
import { memoryLoanStore } from '../store/memoryLoanStore.js'
import { toStoreJson } from '../store/storeJson.js'
import { defaultTerms } from '../terms/defaultTerms.js'
import { sampleLoan } from '../testing/sampleLoan.js'
import type { Desk } from './createDesk.js'
import { createDeskHandler } from './createDeskHandler.js'

// Property tests of the desk's HTTP handler: random and malformed requests
// against a stub desk (every call recorded), the memory store (every call
// recorded) and a node whose signmessage/verifymessage are simulated, so that
// signed requests take the handler's real verification path.

const RUNS = 2_000
const T0 = 1_700_000_000_000
const DESK = `03${'d1'.repeat(32)}`
const OTHER_DESK = `02${'d2'.repeat(32)}`
const ALICE = `02${'a1'.repeat(32)}`
const CAROL = `03${'c3'.repeat(32)}`
const SECRETS = new Map([
  [ALICE, 'alice-node-key'],
  [CAROL, 'carol-node-key'],
])
const LIMIT = 16_384

let requestsSent = 0
const propertiesRun: string[] = []
afterAll(() => {
  console.info(
    `desk handler fuzz: ${propertiesRun.length} properties (${propertiesRun.join(', ')}), ${requestsSent} requests`,
  )
})

/** Stands in for lnd's signmessage: a signature only the key's owner can make, for one message. */
const sign = (pubkey: string, message: string) =>
  sha256Hex(utf8ToBytes(`${SECRETS.get(pubkey)}|${message}`))

/**
 * A node backend with only signmessage (as alice) and verifymessage, like lnd's: a signature it cannot
 * parse is an error, one that does not match recovers some other key.
 */
function testNode() {
  const backend = backendOf(
    {
      signMessage: async (bytes) => ({ signature: sign(ALICE, bytesToUtf8(bytes)) }),
      verifyMessage: async ({ message: bytes, signature }) => {
        if (!/^[0-9a-f]{64}$/.test(signature)) throw new Error('invalid signature encoding')
        const message = bytesToUtf8(bytes)
        for (const key of SECRETS.keys()) {
          if (sign(key, message) === signature) return { valid: true, pubkey: key }
        }
        return { valid: false, pubkey: `02${sha256Hex(utf8ToBytes(signature))}` }
      },
    },
    { kind: 'test' },
  )
  return { client: createClient({ backend, network: 'regtest' }), calls: backend.calls }
}

/** A desk that records every call and answers with plain data. */
function stubDesk(pubkey = DESK) {
  const calls: { method: string; args: unknown[] }[] = []
  const answer =
    (method: string, value: unknown) =>
    async (...args: unknown[]) => {
      calls.push({ method, args })
      return value
    }
  const desk = {
    pubkey,
    terms: defaultTerms,
    quote: answer('quote', { id: 'ab'.repeat(16), principal: 1n }),
    open: answer('open', { loan: { id: 'ab'.repeat(16) } }),
    status: answer('status', { id: 'ab'.repeat(16), state: 'ACTIVE' }),
    events: answer('events', []),
    interestInvoice: answer('interestInvoice', null),
    repayInvoice: answer('repayInvoice', { paymentRequest: 'lnbcrt1', amountMsat: 1n }),
    topUp: answer('topUp', { id: 'lock', amountSat: 1n }),
    ackRollover: answer('ackRollover', { id: 'lock', amountSat: 1n }),
    creditInterest: answer('creditInterest', undefined),
    tick: answer('tick', undefined),
    recover: answer('recover', undefined),
    getLoan: answer('getLoan', undefined),
    whenIdle: answer('whenIdle', undefined),
    close: answer('close', undefined),
  }
  return { desk: desk as unknown as Desk, calls }
}

/** The memory store, every call recorded by name. */
function recordedStore(): { store: LoanStore; calls: string[] } {
  const inner = memoryLoanStore()
  const calls: string[] = []
  const store = Object.fromEntries(
    Object.entries(inner).map(([name, fn]) => [
      name,
      (...args: unknown[]) => {
        calls.push(name)
        return (fn as (...a: unknown[]) => unknown)(...args)
      },
    ]),
  ) as unknown as LoanStore
  return { store, calls }
}

async function setup({
  deskPubkey,
  ...options
}: {
  maxBodyBytes?: number
  deskPubkey?: string
} = {}) {
  const node = testNode()
  const { desk, calls: deskCalls } = stubDesk(deskPubkey)
  const { store, calls: storeCalls } = recordedStore()
  await store.saveLoan(sampleLoan({ id: '22'.repeat(16), state: 'ACTIVE' }))
  storeCalls.length = 0
  const handler = createDeskHandler({
    desk,
    client: node.client,
    store,
    now: () => T0,
    ...options,
  })
  const book = async () =>
    toStoreJson(
      await Promise.all(
        (await store.listLoans()).map(async (loan) => ({
          loan,
          events: await store.listEvents({ loanId: loan.id }),
        })),
      ),
    )
  return { handler, deskCalls, storeCalls, nodeCalls: node.calls, client: node.client, book }
}

type Setup = Awaited<ReturnType<typeof setup>>

let nonceCounter = 0
const freshNonce = () => (++nonceCounter).toString(16).padStart(32, '0')

interface Wanted {
  method: string
  path: string
  /** The body's text, or undefined for none. */
  text?: string | undefined
  headers?: Record<string, string>
}

interface Signing {
  signer?: string
  /** The pubkey claimed in the headers (default: the signer's). */
  claim?: string
  desk?: string
  timestamp?: number
  nonce?: string
  /** Sign this body text instead of the one sent. */
  signedText?: string | undefined
}

/** The parsed body a client signs (null when it is not JSON). */
function parsedForSigning(text: string | undefined): unknown {
  if (text === undefined) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** Signature headers as a borrower's agent makes them. */
function signatureHeaders(wanted: Wanted, s: Signing = {}): Record<string, string> {
  const signer = s.signer ?? ALICE
  const pubkey = s.claim ?? signer
  const nonce = s.nonce ?? freshNonce()
  const timestamp = s.timestamp ?? T0
  const desk = s.desk ?? DESK
  // The path as it arrives (the URL parser escapes what needs it).
  const url = new URL(`http://desk.test${wanted.path}`)
  const path = `${url.pathname}${url.search}`
  let message: string
  try {
    message = requestSigningText({
      method: wanted.method,
      path,
      body: parsedForSigning('signedText' in s ? s.signedText : wanted.text),
      pubkey,
      desk,
      nonce,
      timestamp,
    })
  } catch {
    // A body the signed JSON refuses (floats, too deep): the client signs none.
    message = requestSigningText({
      method: wanted.method,
      path,
      body: null,
      pubkey,
      desk,
      nonce,
      timestamp,
    })
  }
  return {
    [SIGNATURE_HEADERS.pubkey]: pubkey,
    [SIGNATURE_HEADERS.desk]: desk,
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.timestamp]: String(timestamp),
    [SIGNATURE_HEADERS.signature]: sign(signer, message),
  }
}

function toRequest(wanted: Wanted): Request {
  const hasBody = wanted.text !== undefined && !/^(get|head)$/i.test(wanted.method)
  return new Request(`http://desk.test${wanted.path}`, {
    method: wanted.method,
    headers: wanted.headers ?? {},
    ...(hasBody ? { body: wanted.text! } : {}),
  })
}

const JSON_TYPE = { 'content-type': 'application/json' }

/** Sends a request; asserts the answer is JSON, and for an error, a typed one. */
async function send(s: Setup, request: Request) {
  requestsSent++
  const response = await s.handler(request)
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  const body = (await response.json()) as { error?: { code: string; reason: string } }
  if (response.status >= 400) {
    expect(loanErrorReasons).toContain(body.error?.code)
    expect(body.error?.reason).toBe(body.error?.code)
  }
  return { status: response.status, body }
}

/** A refused request: a 4xx with a typed error, and nothing called or changed. */
async function expectRefused(s: Setup, request: Request, before: string) {
  s.deskCalls.length = 0
  s.storeCalls.length = 0
  const { status, body } = await send(s, request)
  expect(status, JSON.stringify(body)).toBeGreaterThanOrEqual(400)
  expect(status, JSON.stringify(body)).toBeLessThan(500)
  expect(s.deskCalls).toEqual([])
  expect(s.storeCalls.filter((name) => name !== 'listLoans' && name !== 'listEvents')).toEqual([])
  expect(await s.book()).toBe(before)
  return { status, body }
}

// ---- arbitraries ----

const hexOf = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length })
const loanId = hexOf(32)
const printable = (maxLength: number) =>
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    maxLength,
  })
const amount = fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }).map(String)
const someText = fc.string({ minLength: 1, maxLength: 200 })

interface Endpoint {
  method: 'GET' | 'POST'
  path: string
  body?: Record<string, unknown>
  /** The desk method it calls. */
  call: string
}

/** Well-formed requests to every signed endpoint. */
const endpoint: fc.Arbitrary<Endpoint> = fc.oneof(
  fc
    .record({ principal: amount, currency: fc.constantFrom('USD', 'sat') })
    .map((body) => ({ method: 'POST' as const, path: '/v1/quotes', body, call: 'quote' })),
  fc
    .record({ quoteId: hexOf(32), disbursementInvoice: someText, borrowerSignature: someText })
    .map((body) => ({ method: 'POST' as const, path: '/v1/loans', body, call: 'open' })),
  loanId.map((id) => ({ method: 'GET' as const, path: `/v1/loans/${id}`, call: 'status' })),
  fc.tuple(loanId, fc.nat()).map(([id, after]) => ({
    method: 'GET' as const,
    path: `/v1/loans/${id}/events?after=${after}`,
    call: 'events',
  })),
  loanId.map((id) => ({
    method: 'POST' as const,
    path: `/v1/loans/${id}/interest`,
    body: {},
    call: 'interestInvoice',
  })),
  loanId.map((id) => ({
    method: 'POST' as const,
    path: `/v1/loans/${id}/repay`,
    body: {},
    call: 'repayInvoice',
  })),
  fc.tuple(loanId, amount).map(([id, amountSat]) => ({
    method: 'POST' as const,
    path: `/v1/loans/${id}/top-up`,
    body: { amountSat },
    call: 'topUp',
  })),
  fc.tuple(loanId, someText).map(([id, lockId]) => ({
    method: 'POST' as const,
    path: `/v1/loans/${id}/rollover/ack`,
    body: { lockId },
    call: 'ackRollover',
  })),
)

const nested = (depth: number, leaf: string) => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`

/** Amount texts no amount field accepts. */
const badAmount = fc.oneof(
  fc.constantFrom(
    '',
    '0',
    '-1',
    '-0',
    '+5',
    '007',
    '1.5',
    '1e3',
    '0x10',
    ' 12',
    '12 ',
    '12abc',
    '5n',
    '١٢',
    'Infinity',
    'NaN',
    '9223372036854775808',
    '9'.repeat(31),
    '1'.repeat(400),
  ),
  fc
    .tuple(
      amount,
      printable(5).filter((t) => !/^\d*$/.test(t)),
    )
    .map(([a, junk]) => `${a}${junk}`),
  fc.bigInt({ min: 2n ** 63n, max: 10n ** 40n }).map(String),
  fc.bigInt({ min: -(10n ** 30n), max: -1n }).map(String),
)

/** Values of the wrong JSON type for a string field. */
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
)

const PROTO_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
]

/** Breaks a well-formed request: the result is one the desk must refuse. */
const breakRequest = (e: Endpoint): fc.Arbitrary<Wanted> => {
  const text = e.body === undefined ? undefined : JSON.stringify(e.body)
  const keys = Object.keys(e.body ?? {})
  const base = { method: e.method, path: e.path, text, headers: { ...JSON_TYPE } }
  const withText = (t: string) => ({ ...base, text: t })
  const breakers: fc.Arbitrary<Wanted>[] = [
    // a method the endpoint does not take
    fc
      .constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD')
      .filter((m) => m !== e.method)
      .map((method) => ({ ...base, method })),
    // a path next to it
    fc
      .constantFrom(
        (p: string) => `${p}/`,
        (p: string) => p.replace('/v1/', '/v2/'),
        (p: string) => p.replace('/v1/', '/v1//'),
        (p: string) => p.toUpperCase(),
        (p: string) => `${p.split('?')[0]}/x`,
        (p: string) => p.replace(/[0-9a-f]{32}/, (id) => id.slice(1)),
        (p: string) => p.replace(/[0-9a-f]{32}/, (id) => `${id}0`),
        (p: string) => p.replace(/[0-9a-f]{32}/, (id) => id.toUpperCase().replace(/^./, 'A')),
        (p: string) => p.replace('/v1/', '/v1/%2e%2e/'),
      )
      .map((change) => ({ ...base, path: change(e.path) }))
      .filter((w) => w.path !== e.path),
  ]
  if (e.method === 'POST') {
    breakers.push(
      // wrong or missing content type
      fc
        .constantFrom(
          undefined,
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/jsonx',
          'application/json; charset=latin1',
          'text/json',
        )
        .map((type) => ({ ...base, headers: type === undefined ? {} : { 'content-type': type } })),
      // not JSON, or not an object
      fc.oneof(fc.string({ maxLength: 50 }), fc.constant(''), fc.constant('{"a":')).map(withText),
      fc
        .oneof(
          fc.array(fc.jsonValue(), { maxLength: 3 }),
          fc.string(),
          fc.double(),
          fc.constant(null),
        )
        .map((v) => withText(JSON.stringify(v) ?? 'null')),
      // deep nesting, in place of the body or of a field
      fc.integer({ min: 2, max: 8_000 }).map((depth) => withText(nested(depth, '1'))),
      fc
        .integer({ min: 2, max: 5_000 })
        .map((depth) => withText(`{"${keys[0] ?? 'x'}":${nested(depth, '"1"')}}`)),
      // an unknown field, with a name every object inherits among others
      fc
        .tuple(
          fc.oneof(
            fc.constantFrom(...PROTO_NAMES),
            fc.string({ maxLength: 10 }).filter((k) => !keys.includes(k)),
          ),
          fc.jsonValue({ maxDepth: 2 }),
        )
        .map(([name, value]) =>
          withText(
            `${text!.slice(0, -1)}${keys.length > 0 ? ',' : ''}${JSON.stringify(name)}:${JSON.stringify(value) ?? 'null'}}`,
          ),
        ),
      // a body larger than the limit
      fc
        .integer({ min: LIMIT + 1, max: LIMIT * 3 })
        .map((size) => withText(`${' '.repeat(size - 2)}{}`)),
    )
    if (keys.length > 0) {
      breakers.push(
        // a field missing, of the wrong type, or far too long
        fc.constantFrom(...keys).map((key) => {
          const { [key]: _, ...rest } = e.body!
          return withText(JSON.stringify(rest))
        }),
        fc
          .tuple(fc.constantFrom(...keys), wrongType)
          .map(([key, value]) => withText(JSON.stringify({ ...e.body, [key]: value }))),
        fc
          .tuple(fc.constantFrom(...keys), fc.integer({ min: 2_001, max: 8_000 }))
          .map(([key, size]) => withText(JSON.stringify({ ...e.body, [key]: 'x'.repeat(size) }))),
        // huge and unsafe numbers in place of a field
        fc
          .tuple(
            fc.constantFrom(...keys),
            fc.constantFrom('1e400', '-1e400', '123456789012345678901234567890', '1.5', '-0'),
          )
          .map(([key, number]) =>
            withText(JSON.stringify({ ...e.body, [key]: '@' }).replace('"@"', number)),
          ),
      )
    }
    if (e.body && 'principal' in e.body) {
      breakers.push(
        badAmount.map((principal) => withText(JSON.stringify({ ...e.body, principal }))),
        fc
          .constantFrom('usd', 'EUR', '', 'USD ', 'SAT', 'btc')
          .map((currency) => withText(JSON.stringify({ ...e.body, currency }))),
      )
    }
    if (e.body && 'amountSat' in e.body) {
      breakers.push(badAmount.map((amountSat) => withText(JSON.stringify({ amountSat }))))
    }
    if (e.body && 'quoteId' in e.body) {
      breakers.push(
        fc
          .oneof(
            hexOf(32).map((h) => h.toUpperCase().replace(/^./, 'F')),
            hexOf(31),
            hexOf(33),
            printable(40),
          )
          .filter((q) => !/^[0-9a-f]{32}$/.test(q))
          .map((quoteId) => withText(JSON.stringify({ ...e.body, quoteId }))),
      )
    }
  }
  if (e.call === 'events') {
    breakers.push(
      fc
        .constantFrom('-1', '1.5', '1e3', 'abc', '1'.repeat(16), '', ' 1', '0x1', '%2D1')
        .map((after) => ({ ...base, path: e.path.replace(/after=\d+/, `after=${after}`) })),
    )
  }
  return fc.oneof(...breakers)
}

const badSignature: fc.Arbitrary<(wanted: Wanted) => Record<string, string>> = fc.oneof(
  // none, or some of the headers only
  fc.constant(() => ({})),
  fc.subarray(Object.values(SIGNATURE_HEADERS), { minLength: 1 }).map((names) => (w: Wanted) => {
    const all = signatureHeaders(w)
    const some = Object.fromEntries(Object.entries(all).filter(([k]) => names.includes(k as never)))
    return Object.keys(some).length === Object.keys(all).length ? {} : some
  }),
  // every header, with garbage in one
  fc
    .tuple(fc.constantFrom(...Object.values(SIGNATURE_HEADERS)), printable(120))
    .map(([name, value]) => (w: Wanted) => {
      const all = signatureHeaders(w)
      return all[name] === value.trim() ? {} : { ...all, [name]: value }
    }),
  fc.constantFrom(
    // carol signs, claiming to be alice
    (w: Wanted) => signatureHeaders(w, { signer: CAROL, claim: ALICE }),
    // a signature of another body
    (w: Wanted) => signatureHeaders(w, { signedText: '{"principal":"1"}' }),
    // stale, or from the future
    (w: Wanted) => signatureHeaders(w, { timestamp: T0 - 300_001 }),
    (w: Wanted) => signatureHeaders(w, { timestamp: T0 + 300_001 }),
    // upper-case keys
    (w: Wanted) => {
      const all = signatureHeaders(w)
      return { ...all, [SIGNATURE_HEADERS.pubkey]: ALICE.toUpperCase() }
    },
  ),
  // a well-formed signature of nothing
  hexOf(64).map((signature) => (w: Wanted) => ({
    ...signatureHeaders(w),
    [SIGNATURE_HEADERS.signature]: signature,
  })),
)

const noise = fc.dictionary(
  fc.stringMatching(/^x-[a-z0-9-]{1,12}$/),
  printable(60).map((v) => v.trim()),
  { maxKeys: 3 },
)

const properties = { numRuns: RUNS }

describe('the desk handler refuses what it must, with a typed 4xx, and changes nothing', () => {
  it('unsigned, badly signed, forged, stale requests (random endpoints, bodies, headers)', async () => {
    propertiesRun.push('unsigned/forged')
    const s = await setup()
    const before = await s.book()
    await fc.assert(
      fc.asyncProperty(
        endpoint.chain((e) =>
          fc.oneof(
            fc.constant<Wanted>({
              method: e.method,
              path: e.path,
              text: e.body && JSON.stringify(e.body),
            }),
            breakRequest(e),
          ),
        ),
        badSignature,
        noise,
        async (wanted, signature, extra) => {
          const headers = { ...extra, ...JSON_TYPE, ...wanted.headers, ...signature(wanted) }
          await expectRefused(s, toRequest({ ...wanted, headers }), before)
        },
      ),
      properties,
    )
  })

  it('signed requests with a malformed body, query, path, method or content type', async () => {
    propertiesRun.push('signed-malformed')
    const s = await setup()
    const before = await s.book()
    await fc.assert(
      fc.asyncProperty(endpoint.chain(breakRequest), noise, async (wanted, extra) => {
        const headers = { ...extra, ...wanted.headers, ...signatureHeaders(wanted) }
        const { body } = await expectRefused(s, toRequest({ ...wanted, headers }), before)
        // Refused for what it is, not for its signature.
        expect(['BAD_REQUEST', 'NOT_FOUND']).toContain(body.error?.reason)
      }),
      properties,
    )
  })

  it('a well-formed request signed for another desk', async () => {
    propertiesRun.push('other-desk')
    const s = await setup()
    const before = await s.book()
    await fc.assert(
      fc.asyncProperty(
        endpoint,
        fc.constantFrom(OTHER_DESK, `02${'00'.repeat(32)}`, DESK.replace(/^03/, '02')),
        fc.boolean(),
        async (e, otherDesk, sayThisDesk) => {
          const wanted = { method: e.method, path: e.path, text: e.body && JSON.stringify(e.body) }
          const headers: Record<string, string> = {
            ...JSON_TYPE,
            ...signatureHeaders(wanted, { desk: otherDesk }),
          }
          // Naming this desk in the header does not help: the signature is for the other one.
          if (sayThisDesk) headers[SIGNATURE_HEADERS.desk] = DESK
          const { status, body } = await expectRefused(s, toRequest({ ...wanted, headers }), before)
          expect(body.error?.reason).toBe(sayThisDesk ? 'BAD_SIGNATURE' : 'WRONG_DESK')
          expect(status).toBe(sayThisDesk ? 401 : 421)
        },
      ),
      properties,
    )
  })

  it('well-formed signed requests reach the desk once, with what was signed; a replay does not', async () => {
    propertiesRun.push('well-formed+replay')
    const s = await setup()
    const before = await s.book()
    await fc.assert(
      fc.asyncProperty(endpoint, noise, async (e, extra) => {
        s.deskCalls.length = 0
        s.storeCalls.length = 0
        const wanted = { method: e.method, path: e.path, text: e.body && JSON.stringify(e.body) }
        const headers = { ...extra, ...JSON_TYPE, ...signatureHeaders(wanted) }
        const first = await send(s, toRequest({ ...wanted, headers }))
        expect(first.status, JSON.stringify(first.body)).toBeLessThan(300)
        expect(s.deskCalls.map((c) => c.method)).toEqual([e.call])
        const args = s.deskCalls[0]!.args
        if (e.call === 'quote' || e.call === 'open') {
          expect(args[0]).toMatchObject({ borrowerPubkey: ALICE })
          if (e.call === 'quote') {
            expect(args[0]).toEqual({
              borrowerPubkey: ALICE,
              principal: BigInt(e.body!.principal as string),
              currency: e.body!.currency,
            })
          } else expect(args[0]).toEqual({ borrowerPubkey: ALICE, ...e.body })
        } else {
          expect(args[0]).toBe(/[0-9a-f]{32}/.exec(e.path)![0])
          expect(args[1]).toBe(ALICE)
          if (e.call === 'topUp') expect(args[2]).toBe(BigInt(e.body!.amountSat as string))
          if (e.call === 'ackRollover') expect(args[2]).toBe(e.body!.lockId)
          if (e.call === 'events') expect(args[2]).toBe(Number(/after=(\d+)/.exec(e.path)![1]))
        }
        expect(s.storeCalls).toEqual(['useNonce'])
        // The same request again: refused, and the desk is not called again.
        s.deskCalls.length = 0
        s.storeCalls.length = 0
        const again = await send(s, toRequest({ ...wanted, headers }))
        expect(again.status).toBe(401)
        expect(again.body.error?.reason).toBe('REPLAYED')
        expect(s.deskCalls).toEqual([])
        expect(await s.book()).toBe(before)
      }),
      properties,
    )
  })

  it('any request at all: never a throw, never a 5xx, the desk called only for a 2xx', async () => {
    propertiesRun.push('anything')
    const s = await setup()
    const before = await s.book()
    const method = fc.oneof(
      fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'get', 'post'),
      fc.stringMatching(/^[A-Za-z]{1,10}$/).filter((m) => !/^(connect|trace|track)$/i.test(m)),
    )
    const path = fc.oneof(
      endpoint.map((e) => e.path),
      fc.constantFrom('/', '/v1', '/v1/', '/v1/info', '/v1/info?x=1', '/v1/loans/', '/favicon.ico'),
      fc
        .array(fc.oneof(fc.string({ maxLength: 12 }), loanId, fc.constantFrom(...PROTO_NAMES)), {
          maxLength: 5,
        })
        .map((parts) => `/${parts.map(encodeURIComponent).join('/')}`),
      fc
        .tuple(
          endpoint.map((e) => e.path.split('?')[0]),
          fc.string({ maxLength: 20 }),
        )
        .map(([p, q]) => `${p}?${encodeURIComponent(q)}`),
    )
    const body = fc.option(
      fc.oneof(
        fc.string({ maxLength: 100 }),
        fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? ''),
        endpoint.map((e) => JSON.stringify(e.body ?? {})),
      ),
      { nil: undefined },
    )
    const signing = fc.oneof(
      fc.constant('none' as const),
      fc.constant('alice' as const),
      fc.constant('carol' as const),
      badSignature,
    )
    const contentType = fc.option(
      fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', ''),
      { nil: undefined },
    )
    await fc.assert(
      fc.asyncProperty(
        method,
        path,
        body,
        signing,
        contentType,
        noise,
        async (m, p, text, how, type, extra) => {
          s.deskCalls.length = 0
          const wanted: Wanted = { method: m, path: p, text }
          const upper = m.toUpperCase()
          const signature =
            how === 'none'
              ? {}
              : how === 'alice'
                ? signatureHeaders(wanted)
                : how === 'carol'
                  ? signatureHeaders(wanted, { signer: CAROL })
                  : how(wanted)
          const headers = {
            ...extra,
            ...(type === undefined ? {} : { 'content-type': type }),
            ...signature,
          }
          const { status } = await send(s, toRequest({ ...wanted, headers }))
          expect(status).toBeLessThan(500)
          if (status >= 400) expect(s.deskCalls).toEqual([])
          else if (!(upper === 'GET' && p.split('?')[0] === '/v1/info')) {
            expect(s.deskCalls).toHaveLength(1)
          }
          // The stub desk writes nothing; the handler writes only nonces.
          expect(await s.book()).toBe(before)
        },
      ),
      properties,
    )
  })
})

/** A body stream that counts what was pulled from it and whether it was canceled. */
function countingBody(totalBytes: number, chunkBytes: number) {
  const state = { pulledBytes: 0, canceled: false }
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const size = Math.min(chunkBytes, totalBytes - state.pulledBytes)
        if (size <= 0) {
          controller.close()
          return
        }
        // Whitespace, then `{}`: the body is valid JSON once complete.
        const chunk = new Uint8Array(size).fill(0x20)
        for (let at = 0; at < size; at++) {
          const position = state.pulledBytes + at
          if (position === totalBytes - 2) chunk[at] = 0x7b
          if (position === totalBytes - 1) chunk[at] = 0x7d
        }
        state.pulledBytes += size
        controller.enqueue(chunk)
      },
      cancel() {
        state.canceled = true
      },
    },
    // Nothing is pulled before the handler asks.
    { highWaterMark: 0 },
  )
  return { stream, state }
}

function streamRequest(stream: ReadableStream<Uint8Array>, contentLength?: number) {
  return new Request('http://desk.test/v1/quotes', {
    method: 'POST',
    headers: {
      ...JSON_TYPE,
      ...(contentLength === undefined ? {} : { 'content-length': String(contentLength) }),
    },
    body: stream,
    duplex: 'half',
  } as RequestInit)
}

describe('the body limit is checked before the body is read', () => {
  it('a declared content-length above the limit: 413, nothing pulled', async () => {
    const s = await setup()
    const { stream, state } = countingBody(1_048_576, 1_024)
    const { status, body } = await send(s, streamRequest(stream, 1_048_576))
    expect(status).toBe(413)
    expect(body.error?.reason).toBe('BAD_REQUEST')
    expect(state.pulledBytes).toBe(0)
    expect(state.canceled).toBe(true)
    expect(s.nodeCalls).toEqual([])
  })

  it('no content-length, or a lying one: reading stops at the first chunk past the limit', async () => {
    for (const declared of [undefined, 10, LIMIT]) {
      const s = await setup()
      const { stream, state } = countingBody(1_048_576, 1_000)
      const { status } = await send(s, streamRequest(stream, declared))
      expect(status).toBe(413)
      expect(state.pulledBytes).toBeGreaterThan(LIMIT)
      expect(state.pulledBytes).toBeLessThanOrEqual(LIMIT + 1_000)
      expect(state.canceled).toBe(true)
      expect(s.nodeCalls).toEqual([])
    }
  })

  it('property: any size, chunking, limit and declared length', async () => {
    propertiesRun.push('body-limit')
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 64, max: 20_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: 256, max: 8_192 }),
        fc.constantFrom('none', 'honest', 'lower', 'higher'),
        async (limit, size, chunk, declaredMode) => {
          const s = await setup({ maxBodyBytes: limit })
          expect(s.handler.maxBodyBytes).toBe(limit)
          const { stream, state } = countingBody(size, chunk)
          const declared =
            declaredMode === 'none'
              ? undefined
              : declaredMode === 'honest'
                ? size
                : declaredMode === 'lower'
                  ? Math.floor(size / 2)
                  : size + 1 + limit
          const { status, body } = await send(s, streamRequest(stream, declared))
          if (declared !== undefined && declared > limit) {
            expect(status).toBe(413)
            expect(state.pulledBytes).toBe(0)
          } else if (size > limit) {
            expect(status).toBe(413)
            expect(state.pulledBytes).toBeLessThanOrEqual(limit + chunk)
            if (size > limit + chunk) expect(state.pulledBytes).toBeLessThan(size)
            expect(state.canceled).toBe(true)
          } else {
            // Read whole, then refused for what it is: an empty body, or no signature.
            expect(state.pulledBytes).toBe(size)
            expect(body.error?.reason).toBe(size < 2 ? 'BAD_REQUEST' : 'UNSIGNED')
          }
          expect(s.deskCalls).toEqual([])
        },
      ),
      properties,
    )
  })
})

describe("the agent's deskCaller signs every request for the desk it talks to", () => {
  /** A fetch that hands each request to a handler, and keeps a copy of it. */
  function fetchTo(s: Setup) {
    const sent: Request[] = []
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init)
      sent.push(request.clone())
      return s.handler(request)
    }
    return { fetch: fetch as typeof globalThis.fetch, sent }
  }
  const caller = (s: Setup, fetch: typeof globalThis.fetch, deskPubkey?: () => Promise<string>) =>
    deskCaller({
      client: s.client,
      deskUrl: 'http://desk.test',
      fetch,
      now: () => T0,
      pubkey: async () => ALICE,
      deskPubkey,
    })

  it("learns the desk's pubkey from /v1/info once, and the desk accepts what it signs", async () => {
    const s = await setup()
    const { fetch, sent } = fetchTo(s)
    const call = caller(s, fetch)
    await call('POST', 'v1/quotes', { principal: 50_000n, currency: 'USD' })
    await call('POST', `v1/loans/${'ab'.repeat(16)}/top-up`, { amountSat: 7n })
    await call('GET', `v1/loans/${'ab'.repeat(16)}/events?after=3`)
    expect(sent.map((r) => new URL(r.url).pathname)).toEqual([
      '/v1/info',
      '/v1/quotes',
      `/v1/loans/${'ab'.repeat(16)}/top-up`,
      `/v1/loans/${'ab'.repeat(16)}/events`,
    ])
    expect(sent[1]!.headers.get(SIGNATURE_HEADERS.desk)).toBe(DESK)
    expect(s.deskCalls.map((c) => [c.method, ...c.args])).toEqual([
      ['quote', { borrowerPubkey: ALICE, principal: 50_000n, currency: 'USD' }],
      ['topUp', 'ab'.repeat(16), ALICE, 7n],
      ['events', 'ab'.repeat(16), ALICE, 3],
    ])
  })

  it('takes the pubkey from an info call made through it, or from its parameter', async () => {
    const s = await setup()
    const { fetch, sent } = fetchTo(s)
    const call = caller(s, fetch)
    await call('GET', 'v1/info')
    await call('POST', `v1/loans/${'ab'.repeat(16)}/repay`, {})
    expect(sent).toHaveLength(2)
    const given = fetchTo(s)
    await caller(s, given.fetch, async () => DESK)('POST', `v1/loans/${'ab'.repeat(16)}/repay`, {})
    expect(given.sent).toHaveLength(1)
    expect(s.deskCalls.map((c) => c.method)).toEqual(['repayInvoice', 'repayInvoice'])
  })

  it('a request it signed is refused by another desk, and by the same desk twice', async () => {
    const a = await setup()
    const b = await setup({ deskPubkey: OTHER_DESK })
    const { fetch, sent } = fetchTo(a)
    await caller(a, fetch)('POST', 'v1/quotes', { principal: 50_000n, currency: 'USD' })
    const signed = sent[1]!
    const replayTo = async (s: Setup, headers: Headers) => {
      const r = await s.handler(
        new Request(signed.url, { method: 'POST', headers, body: await signed.clone().text() }),
      )
      return {
        status: r.status,
        reason: ((await r.json()) as { error: { reason: string } }).error.reason,
      }
    }
    // To desk b as it was: b sees it names desk a.
    expect(await replayTo(b, signed.headers)).toEqual({ status: 421, reason: 'WRONG_DESK' })
    // Naming desk b instead: the signature does not cover that.
    const renamed = new Headers(signed.headers)
    renamed.set(SIGNATURE_HEADERS.desk, OTHER_DESK)
    expect(await replayTo(b, renamed)).toEqual({ status: 401, reason: 'BAD_SIGNATURE' })
    expect(b.deskCalls).toEqual([])
    // To desk a again: a replay.
    expect(await replayTo(a, signed.headers)).toEqual({ status: 401, reason: 'REPLAYED' })
    expect(a.deskCalls).toHaveLength(1)
  })

  it('signs nothing for a desk that does not name a valid pubkey', async () => {
    const s = await setup()
    const fetch = (async () =>
      new Response(JSON.stringify({ deskPubkey: 'not-a-key' }), {
        headers: JSON_TYPE,
      })) as unknown as typeof globalThis.fetch
    await expect(
      caller(s, fetch)('POST', 'v1/quotes', { principal: 1n, currency: 'USD' }),
    ).rejects.toMatchObject({ reason: 'DESK_ERROR' })
    expect(s.nodeCalls).toEqual([])
  })
})
