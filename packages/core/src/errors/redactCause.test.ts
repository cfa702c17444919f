import { inspect } from 'node:util'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BaseError, hasErrorCode } from './BaseError.js'
import { NodeError, NodeUnreachableError } from './node.js'
import { MAX_CAUSE_DEPTH, redactCause, secretsIn } from './redactCause.js'

/** Every way an error can be shown: none may hold a secret. */
function renderings(error: Error): string[] {
  return [
    JSON.stringify(error),
    inspect(error, { depth: Number.POSITIVE_INFINITY }),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    String(error),
    error.stack ?? '',
  ]
}

const hexChar = fc.constantFrom(...'0123456789abcdef')
const hex = (length: number) => fc.string({ unit: hexChar, minLength: length, maxLength: length })
const passwordChar = fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ!#%*+')

/** A secret and where it can go: some only as a named field, some also in text. */
type Secret = { value: string; kind: 'preimage' | 'macaroon' | 'password' }
const secret: fc.Arbitrary<Secret> = fc.oneof(
  hex(64).map((value) => ({ value, kind: 'preimage' as const })),
  hex(120).map((value) => ({ value, kind: 'macaroon' as const })),
  // Capitals and symbols: never inside the hex, the codes or the field names around it.
  fc
    .string({ unit: passwordChar, minLength: 10, maxLength: 30 })
    .map((value) => ({ value, kind: 'password' as const })),
)

const secretName = {
  preimage: ['preimage', 'paymentPreimage', 'payment_preimage', 'r_preimage', 'Preimage'],
  macaroon: ['macaroon', 'Grpc-Metadata-macaroon', 'macaroonHex', 'adminMacaroon'],
  password: ['password', 'dbPassword', 'passphrase', 'pairingPhrase', 'secret', 'seed'],
} as const

/** How the secret is placed at the bottom of its level. */
type Placement =
  | 'field'
  | 'header'
  | 'labelled message'
  | 'known value in message'
  | 'named elsewhere, also in message'
  | 'string cause'
  | 'aggregate'
const placement = fc.constantFrom<Placement>(
  'field',
  'header',
  'labelled message',
  'known value in message',
  'named elsewhere, also in message',
  'string cause',
  'aggregate',
)

/** What each level of the chain is. */
type Level = 'Error' | 'TypeError' | 'object' | 'NodeError' | 'AggregateError'
const level = fc.constantFrom<Level>('Error', 'TypeError', 'object', 'NodeError', 'AggregateError')

function carrier(
  { value, kind }: Secret,
  where: Placement,
  nameIndex: number,
): { cause: unknown; known: string[] } {
  const names = secretName[kind]
  const name = names[nameIndex % names.length] ?? 'secret'
  const error = new Error('the bottom') as Error & Record<string, unknown>
  error.code = 'E_BOTTOM'
  switch (where) {
    case 'field':
      error[name] = value
      return { cause: error, known: [] }
    case 'header':
      error.request = { method: 'GET', headers: { [name]: value, accept: 'application/json' } }
      return { cause: error, known: [] }
    case 'labelled message': {
      // `redact` finds a value by its label: a preimage or macaroon after its name, any password.
      const label = kind === 'password' ? 'password' : name
      return { cause: new Error(`lnd said: {"${label}":"${value}"}`), known: [] }
    }
    case 'known value in message':
      return { cause: new Error(`echoed ${value} back`), known: [value] }
    case 'named elsewhere, also in message':
      error.body = { [name]: value }
      error.message = `request for ${value} refused`
      return { cause: error, known: [] }
    case 'string cause':
      return { cause: `${kind === 'password' ? 'password' : name}=${value}`, known: [] }
    case 'aggregate':
      error[name] = value
      return { cause: new AggregateError([new Error('first'), error], 'all failed'), known: [] }
  }
}

/** A chain of `levels`, each with normal fields, over the carrier at the bottom. */
function chain(levels: readonly Level[], bottom: unknown): unknown {
  let cause = bottom
  levels.forEach((kind, index) => {
    const message = `level ${index} failed`
    switch (kind) {
      case 'object':
        cause = { message, attempt: index, host: 'node.example', cause }
        break
      case 'NodeError':
        cause = new NodeError(message, { grpcCode: index, cause })
        break
      case 'AggregateError':
        cause = Object.assign(new AggregateError([cause], message), { attempt: index })
        break
      default: {
        const Kind = kind === 'TypeError' ? TypeError : Error
        cause = Object.assign(new Kind(message, { cause }), { attempt: index, code: `E_L${index}` })
      }
    }
  })
  return cause
}

describe('SDK errors redact their whole cause chain', () => {
  it('shows no secret, at any depth, in any rendering, and keeps the normal fields', () => {
    fc.assert(
      fc.property(
        secret,
        placement,
        fc.nat(),
        fc.array(level, { maxLength: 8 }),
        ({ value, kind }, where, nameIndex, levels) => {
          const bottom = carrier({ value, kind }, where, nameIndex)
          const error = new NodeUnreachableError('https://node.example:8080', {
            cause: chain(levels, bottom.cause),
            details: 'connection reset',
            secrets: bottom.known,
          })
          for (const text of renderings(error)) expect(text).not.toContain(value)
          const json = JSON.stringify(error)
          const deep = inspect(error, { depth: Number.POSITIVE_INFINITY })
          for (const text of [json, deep]) expect(text).toContain('NODE_UNREACHABLE')
          expect(json).toContain('connection reset')
          for (let index = 0; index < levels.length; index++) {
            expect(json).toContain(`level ${index} failed`)
            expect(deep).toContain(`level ${index} failed`)
          }
          // The chain is still there to walk, down to the first AggregateError (it has `errors`).
          let walked = 0
          error.walk(() => {
            walked += 1
            return false
          })
          const aggregate = levels.lastIndexOf('AggregateError')
          expect(walked).toBeGreaterThanOrEqual(levels.length - Math.max(aggregate, 0) + 1)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('keeps a cause without secrets as it is: same object, same fields', () => {
    const root = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    const middle = new NodeError('boom', { cause: root })
    const top = new BaseError('It broke.', { code: 'NODE_ERROR', cause: middle })
    expect(top.cause).toBe(middle)
    expect(middle.cause).toBe(root)
    expect(top.walk()).toBe(root)
  })

  it('replaces a cause that holds a secret with a redacted copy that keeps its type and code', () => {
    const preimage = 'ab'.repeat(32)
    const root = Object.assign(new TypeError(`fetch failed for ${preimage}`), {
      code: 'UND_ERR_SOCKET',
      preimage,
    })
    const inner = new NodeError('lnd refused', { grpcCode: 2, cause: root })
    const top = new NodeUnreachableError('node', { cause: inner })
    // The inner SDK error found the preimage by its field name, and redacted its message too.
    const copy = inner.cause as TypeError & { code: string; preimage: string }
    expect(copy).not.toBe(root)
    expect(copy).toBeInstanceOf(TypeError)
    expect(copy).toMatchObject({
      code: 'UND_ERR_SOCKET',
      preimage: '[redacted]',
      message: 'fetch failed for [redacted]',
    })
    expect(copy.stack).not.toContain(preimage)
    expect(top.cause).toBe(inner)
    expect(hasErrorCode(top, 'NODE_ERROR')).toBe(true)
    expect(top.walk((e) => e instanceof NodeError)).toBe(inner)
    // The caller's own error is left untouched.
    expect(root.preimage).toBe(preimage)
  })

  it('copies an SDK error down the chain when a secret known above is in it', () => {
    const macaroon = '0201'.repeat(10)
    const inner = new NodeError(`proxy echoed ${macaroon}`, { grpcCode: 13 })
    expect(inner.message).toContain(macaroon) // unlabelled and short: not recognisable alone
    const top = new NodeUnreachableError('node', { cause: inner, secrets: [macaroon] })
    const copy = top.cause as NodeError
    expect(copy).toBeInstanceOf(NodeError)
    expect(copy).toMatchObject({ code: 'NODE_ERROR', grpcCode: 13, name: 'NodeError' })
    expect(copy.message).toBe('The node returned an error: proxy echoed [redacted]')
    expect(copy.walk()).toBe(copy)
    for (const text of renderings(top)) expect(text).not.toContain(macaroon)
  })

  it('removes a secret named in the cause from its own message too', () => {
    const preimage = 'cd'.repeat(32)
    const error = new NodeError(`settle of ${preimage} failed`, { cause: { preimage } })
    expect(error.message).not.toContain(preimage)
    expect(error.cause).toEqual({ preimage: '[redacted]' })
  })

  it('stops at cycles and at MAX_CAUSE_DEPTH, and shows nothing beyond', () => {
    const a = new Error('a') as Error & { cause?: unknown; password?: string }
    const b = new Error('b', { cause: a })
    a.cause = b
    a.password = 'hunter2hunter2'
    const error = new NodeUnreachableError('node', { cause: a })
    for (const text of renderings(error)) expect(text).not.toContain('hunter2hunter2')
    expect(JSON.stringify(error)).toContain('[circular]')

    let deep: unknown = { preimage: 'ef'.repeat(32) }
    for (let i = 0; i < MAX_CAUSE_DEPTH + 5; i++) deep = new Error(`level ${i}`, { cause: deep })
    const bounded = new NodeUnreachableError('node', { cause: deep })
    for (const text of renderings(bounded)) expect(text).not.toContain('ef'.repeat(32))
    expect(JSON.stringify(bounded)).toContain('[truncated]')
  })

  it('copies a DOMException (an abort reason) whole, its getters included', () => {
    const preimage = '7e'.repeat(32)
    const reason = new DOMException(`stopped, preimage: ${preimage}`, 'AbortError')
    const error = new NodeUnreachableError('node', { cause: reason })
    const copy = error.cause as DOMException
    expect(copy).not.toBe(reason)
    expect(copy).toBeInstanceOf(DOMException)
    expect([copy.name, copy.code, copy.message]).toEqual([
      'AbortError',
      reason.code,
      'stopped, preimage: [redacted]',
    ])
    for (const text of renderings(error)) expect(text).not.toContain(preimage)
  })

  it('redacts a macaroon in Headers, Maps and Request objects', () => {
    const macaroon = 'a1'.repeat(20)
    const headers = new Headers({ 'Grpc-Metadata-macaroon': macaroon, accept: 'x' })
    const request = new Request('https://node.example/v1/getinfo?x=1', { headers })
    const cause = {
      headers,
      map: new Map([['macaroon', macaroon]]),
      request,
    }
    const error = new NodeUnreachableError('node', { cause })
    expect(error.cause).toEqual({
      headers: { 'grpc-metadata-macaroon': '[redacted]', accept: 'x' },
      map: new Map([['macaroon', '[redacted]']]),
      request: '[Request GET https://node.example/v1/getinfo]',
    })
    for (const text of renderings(error)) expect(text).not.toContain(macaroon)
  })

  it('gives toJSON the name, message, code, fields and cause chain, bigints as strings', () => {
    const error = new NodeError('weird', {
      grpcCode: 13,
      httpStatus: 500,
      cause: Object.assign(new Error('underneath'), { code: 'E_X', amount: 5n, password: 'pw' }),
    })
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'NodeError',
      message: 'The node returned an error: weird',
      code: 'NODE_ERROR',
      shortMessage: 'The node returned an error: weird',
      grpcCode: 13,
      httpStatus: 500,
      cause: {
        name: 'Error',
        message: 'underneath',
        code: 'E_X',
        amount: '5',
        password: '[redacted]',
      },
    })
  })

  it('is safe in a test snapshot', () => {
    const preimage = '9f'.repeat(32)
    const cause = Object.assign(new Error(`preimage=${preimage}`), { code: 'E_X' })
    const error = new NodeUnreachableError('node', { cause })
    // Snapshots print an error as its message, and what a test picks from it as it is.
    expect(error).toMatchInlineSnapshot(`[NodeUnreachableError: Cannot reach the node at node.]`)
    expect({ cause: error.cause, code: error.code }).toMatchInlineSnapshot(`
      {
        "cause": [Error: preimage=[redacted]],
        "code": "NODE_UNREACHABLE",
      }
    `)
  })
})

describe('redactCause and secretsIn', () => {
  it('returns plain values as they are and redacts strings', () => {
    expect(redactCause(42)).toBe(42)
    expect(redactCause(undefined)).toBeUndefined()
    expect(redactCause(`seed: ${'ab'.repeat(32)}`)).toBe('seed: [redacted]')
    expect(redactCause('hello world', ['world'])).toBe('hello [redacted]')
  })

  it('finds the values under secret names, also as bytes', () => {
    const bytes = new Uint8Array([1, 2, 3, 4])
    expect(
      secretsIn({ a: { paymentPreimage: 'abcdef' }, seed: bytes, pw: 'not-named', b: [1] }).sort(),
    ).toEqual(['01020304', 'AQIDBA==', 'abcdef'])
    expect(redactCause({ note: new Uint8Array([1, 2, 3, 4]) }, ['01020304'])).toEqual({
      note: '[redacted]',
    })
  })

  it('leaves flags and empty values under secret names', () => {
    const value = { hasPassword: true, preimage: undefined, macaroon: null }
    expect(redactCause(value)).toBe(value)
  })
})
