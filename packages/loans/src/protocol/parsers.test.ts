import { errorCodes } from '@btcfi/core'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { isLoanError, loanErrorReasons } from '../errors/LoanError.js'
import { canonicalJson, MAX_JSON_DEPTH } from './canonicalJson.js'
import { isPubkey, isWireHex, parseHex } from './parseHex.js'
import { MAX_WIRE_AMOUNT, parseWireAmount } from './parseWireAmount.js'
import { requestFields } from './requestFields.js'
import { fromWire, isAmountField, toWire } from './wireJson.js'

// Property tests of the protocol's parsers on their own: what they write
// they read back, and garbage is refused with a typed error (never a crash).

const RUNS = 2_000
const runs = { numRuns: RUNS }
let properties = 0
afterAll(() => {
  console.info(
    `protocol parser fuzz: ${properties} properties × ${RUNS} runs = ${properties * RUNS} cases`,
  )
})
const property = <Ts extends [unknown, ...unknown[]]>(
  ...args: [
    ...arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
    predicate: (...values: Ts) => unknown,
  ]
) => {
  properties++
  fc.assert(fc.property(...(args as unknown as Parameters<typeof fc.property<Ts>>)), runs)
}

/** The error is one of the SDK's typed errors (a LoanError, or a core error with a stable code). */
function expectTyped(fn: () => unknown, reason?: string) {
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  expect(caught, 'refused').toBeDefined()
  expect([...errorCodes, ...loanErrorReasons]).toContain((caught as { code?: string }).code)
  if (reason) {
    expect(isLoanError(caught)).toBe(true)
    expect((caught as { reason: string }).reason).toBe(reason)
  }
}

const PROTO_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
]
const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...PROTO_NAMES))
const amountKey = fc.constantFrom('principal', 'amountMsat', 'collateralSat', 'ltvBps', 'carry')

/** Data as the SDK holds it: bigints in amount fields (and only there), any other JSON elsewhere. */
const sdkValue = fc.letrec<{ value: unknown; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc
    .tuple(
      fc.uniqueArray(
        fc.tuple(
          key.filter((k) => !isAmountField(k)),
          tie('value'),
        ),
        { selector: ([k]) => k, maxLength: 4 },
      ),
      fc.uniqueArray(
        fc.tuple(amountKey, fc.option(fc.bigInt({ min: -(10n ** 39n), max: 10n ** 39n }))),
        { selector: ([k]) => k, maxLength: 3 },
      ),
    )
    // fromEntries: every name an own field, `__proto__` too.
    .map(([plain, amounts]) => Object.fromEntries([...plain, ...amounts])),
})).value

/** JSON data (no bigints, no floats): what canonicalJson signs. */
const jsonData = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.maxSafeInteger(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc
      .uniqueArray(fc.tuple(key, tie('value')), { selector: ([k]) => k, maxLength: 4 })
      .map((entries) => Object.fromEntries(entries)),
  ),
})).value

/** A value's own fields, prototypes and types, spelled out (`__proto__` and `constructor` as plain names). */
function ownShape(value: unknown): unknown {
  if (Array.isArray(value)) return ['array', value.map(ownShape)]
  if (typeof value === 'object' && value !== null) {
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    return [
      'object',
      Object.keys(value)
        .sort()
        .map((k) => [k, ownShape((value as Record<string, unknown>)[k])]),
    ]
  }
  return [typeof value, value]
}

const nested = (depth: number): unknown => {
  let value: unknown = 1
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value }
  return value
}

describe('wireJson', () => {
  it('fromWire(JSON(toWire(x))) is x, every field own, __proto__ and constructor included', () => {
    property(sdkValue, (value) => {
      const back = fromWire(JSON.parse(JSON.stringify(toWire(value))))
      expect(ownShape(back)).toEqual(ownShape(value))
      expect(canonicalJson(back)).toBe(canonicalJson(value))
    })
  })
  it('refuses an amount field that is not a decimal string, with BAD_REQUEST', () => {
    property(
      amountKey,
      fc.oneof(
        fc.string().filter((t) => !/^-?\d{1,40}$/.test(t)),
        fc.double(),
        fc.boolean(),
        fc.array(fc.string(), { maxLength: 2 }),
        fc.bigInt({ min: 10n ** 40n, max: 10n ** 60n }).map(String),
      ),
      fc.boolean(),
      (name, bad, deep) => {
        const wire = deep ? { outer: [{ [name]: bad }] } : { [name]: bad }
        expectTyped(() => fromWire(wire), 'BAD_REQUEST')
      },
    )
  })
  it('refuses data nested deeper than the limit, both ways, with a typed error', () => {
    property(fc.integer({ min: MAX_JSON_DEPTH + 1, max: 20_000 }), (depth) => {
      const value = nested(depth)
      expectTyped(() => toWire(value), 'BAD_REQUEST')
      expectTyped(() => fromWire(value), 'BAD_REQUEST')
    })
    expect(() => fromWire(nested(MAX_JSON_DEPTH))).not.toThrow()
  })
})

describe('canonicalJson', () => {
  it('JSON.parse(canonicalJson(x)) is x, and canonicalJson is the same for any key order', () => {
    property(jsonData, (value) => {
      const text = canonicalJson(value)
      expect(ownShape(JSON.parse(text))).toEqual(ownShape(value))
      expect(canonicalJson(JSON.parse(text))).toBe(text)
      expect(text).not.toMatch(/\n/)
    })
  })
  it('refuses floats, non-finite and unsafe numbers, functions, class instances and deep nesting', () => {
    property(
      fc.oneof(
        fc.double().filter((n) => !Number.isSafeInteger(n)),
        fc.constantFrom(2 ** 53, -(2 ** 53), Number.POSITIVE_INFINITY, Number.NaN),
        fc.constantFrom(
          () => 1,
          Symbol('s'),
          new Date(0),
          new Map(),
          new Uint8Array(2),
          new (class Thing {})(),
        ),
        fc.integer({ min: MAX_JSON_DEPTH + 1, max: 20_000 }).map(nested),
      ),
      fc.boolean(),
      (bad, inside) => {
        expectTyped(() => canonicalJson(inside ? { a: [1, { b: bad }] } : bad))
      },
    )
  })
})

describe('parseWireAmount', () => {
  it('reads back every amount it could be sent, from 0 to the int64 maximum', () => {
    property(fc.bigInt({ min: 0n, max: MAX_WIRE_AMOUNT }), (amount) => {
      expect(parseWireAmount(amount.toString(), 'amountSat')).toBe(amount)
    })
  })
  it('refuses any other text or type with BAD_REQUEST', () => {
    property(
      fc.oneof(
        fc.string().filter((t) => !/^(0|[1-9]\d{0,18})$/.test(t)),
        fc
          .bigInt({ min: 1n, max: MAX_WIRE_AMOUNT })
          .chain((a) =>
            fc.constantFrom(
              `0${a}`,
              `-${a}`,
              `+${a}`,
              ` ${a}`,
              `${a} `,
              `${a}n`,
              `${a}.0`,
              `${a}e0`,
            ),
          ),
        fc.bigInt({ min: MAX_WIRE_AMOUNT + 1n, max: 10n ** 50n }).map(String),
        fc.oneof(fc.integer(), fc.double(), fc.bigInt(), fc.constant(null), fc.boolean()),
      ),
      (bad) => {
        expectTyped(() => parseWireAmount(bad, 'amountSat'), 'BAD_REQUEST')
      },
    )
    expectTyped(() => parseWireAmount('0', 'amountSat', { min: 1n }), 'BAD_REQUEST')
    expectTyped(() => parseWireAmount('11', 'amountSat', { max: 10n }), 'BAD_REQUEST')
  })
})

describe('hex and pubkeys', () => {
  it('parseHex reads back lower-case hex of the size asked, and refuses the rest', () => {
    property(
      fc.uint8Array({ maxLength: 40 }),
      fc.integer({ min: 0, max: 40 }),
      fc.string({ maxLength: 20 }),
      (bytes, asked, junk) => {
        const hex = Buffer.from(bytes).toString('hex')
        if (bytes.length === asked) expect(parseHex(hex, 'id', { bytes: asked })).toBe(hex)
        else expectTyped(() => parseHex(hex, 'id', { bytes: asked }), 'BAD_REQUEST')
        if (/[A-F]/.test(hex.toUpperCase())) {
          expectTyped(() => parseHex(hex.toUpperCase(), 'id'), 'BAD_REQUEST')
        }
        if (!/^(?:[0-9a-f]{2})*$/.test(junk)) expectTyped(() => parseHex(junk, 'id'), 'BAD_REQUEST')
        expectTyped(() => parseHex(`${hex}0`, 'id'), 'BAD_REQUEST')
      },
    )
  })
  it('isPubkey: 02/03 and 32 bytes of lower-case hex, nothing else', () => {
    property(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.integer({ min: 0, max: 255 }),
      (bytes, prefix) => {
        const key = `${prefix.toString(16).padStart(2, '0')}${Buffer.from(bytes).toString('hex')}`
        expect(isPubkey(key)).toBe(prefix === 2 || prefix === 3)
        expect(isPubkey(key.slice(2))).toBe(false)
        expect(isPubkey(`${key}00`)).toBe(false)
        expect(isWireHex(key, { bytes: 33 })).toBe(true)
        if (/[a-f]/.test(key)) expect(isPubkey(key.toUpperCase())).toBe(false)
      },
    )
  })
})

describe('requestFields', () => {
  const schema = { principal: 'amount', currency: 'string' } as const
  it('takes exactly the fields asked, amounts as bigints', () => {
    property(
      fc.bigInt({ min: 1n, max: MAX_WIRE_AMOUNT }),
      fc.string({ minLength: 1, maxLength: 2_000 }),
      (principal, currency) => {
        expect(
          requestFields(
            JSON.parse(JSON.stringify({ principal: `${principal}`, currency })),
            schema,
          ),
        ).toEqual({
          principal,
          currency,
        })
      },
    )
  })
  it('refuses any other body with BAD_REQUEST, inherited names included', () => {
    property(
      fc.oneof(
        fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
        fc.constant({}),
        fc.record({ principal: fc.jsonValue(), currency: fc.jsonValue() }),
        fc
          .tuple(fc.constantFrom(...PROTO_NAMES), fc.jsonValue({ maxDepth: 1 }))
          .map(([name, value]) =>
            JSON.parse(
              `{"principal":"1","currency":"USD",${JSON.stringify(name)}:${JSON.stringify(value)}}`,
            ),
          ),
        fc.constant({ principal: '1', currency: 'x'.repeat(2_001) }),
        fc.constant({ principal: '0', currency: 'USD' }),
      ),
      (body) => {
        const b = body as { principal?: unknown; currency?: unknown }
        const valid =
          typeof body === 'object' &&
          body !== null &&
          !Array.isArray(body) &&
          Object.keys(body).sort().join() === 'currency,principal' &&
          typeof b.principal === 'string' &&
          /^[1-9]\d{0,18}$/.test(b.principal) &&
          BigInt(b.principal) <= MAX_WIRE_AMOUNT &&
          typeof b.currency === 'string' &&
          b.currency.length >= 1 &&
          b.currency.length <= 2_000
        if (valid) expect(() => requestFields(body, schema)).not.toThrow()
        else expectTyped(() => requestFields(body, schema), 'BAD_REQUEST')
      },
    )
  })
})
