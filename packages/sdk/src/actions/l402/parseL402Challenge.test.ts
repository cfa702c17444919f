import { L402Error } from '@btcfi/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_L402_CHALLENGE_LENGTH, parseL402Challenge } from './parseL402Challenge.js'

const macaroon = 'AgEEbHNhdAJCAABDbVPIvxeq0kPvVEYU2Q=='
const invoice = 'lnbcrt210n1p5abcdefpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqf'

/** How aperture v0.5.0 answers, as fetch joins its two WWW-Authenticate headers. */
const aperture = (m: string, i: string) =>
  `LSAT macaroon="${m}", invoice="${i}", L402 macaroon="${m}", invoice="${i}"`

function problemOf(header: unknown): string | undefined {
  try {
    parseL402Challenge(header as string, 'api.example')
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(L402Error)
    expect((error as L402Error).code).toBe('L402_CHALLENGE')
    return (error as L402Error).problem
  }
}

describe('parseL402Challenge', () => {
  it("reads aperture's answer: the L402 challenge, not the LSAT one", () => {
    expect(parseL402Challenge(aperture(macaroon, invoice))).toEqual({
      scheme: 'L402',
      macaroon,
      invoice,
    })
  })

  it('takes LSAT alone, any case of the scheme, parameters in any order, other schemes around', () => {
    expect(parseL402Challenge(`LSAT invoice="${invoice}", macaroon="${macaroon}"`)).toEqual({
      scheme: 'LSAT',
      macaroon,
      invoice,
    })
    expect(
      parseL402Challenge(
        `Bearer realm="api", Basic, Negotiate abc==, l402 MACAROON="${macaroon}", invoice=${invoice}, Payment id="x"`,
      ),
    ).toMatchObject({ scheme: 'L402', invoice })
  })

  it.each([
    ['no header', null, 'malformed'],
    ['an empty header', '', 'malformed'],
    ['another scheme only', 'Bearer realm="api"', 'malformed'],
    ['L402 alone', 'L402', 'malformed'],
    ['L402 with a token68', 'L402 abc==', 'malformed'],
    ['no invoice', `L402 macaroon="${macaroon}"`, 'malformed'],
    ['no macaroon', `L402 invoice="${invoice}"`, 'malformed'],
    ['a macaroon not base64', `L402 macaroon="not base64!", invoice="${invoice}"`, 'malformed'],
    ['a macaroon without padding', `L402 macaroon="AgE", invoice="${invoice}"`, 'malformed'],
    [
      'a URL as invoice',
      `L402 macaroon="${macaroon}", invoice="https://evil.example"`,
      'malformed',
    ],
    ['an unterminated quote', `L402 macaroon="${macaroon}", invoice="${invoice}`, 'malformed'],
    [
      'a macaroon given twice',
      `L402 macaroon="${macaroon}", macaroon="AgE=", invoice="${invoice}"`,
      'malformed',
    ],
    ['junk after', `L402 macaroon="${macaroon}", invoice="${invoice}" junk`, 'malformed'],
    [
      'a 5,000-character macaroon',
      `L402 macaroon="${'A'.repeat(5_000)}", invoice="${invoice}"`,
      'malformed',
    ],
    [
      'a 9,000-character header',
      `L402 macaroon="${macaroon}", invoice="${invoice}", x="${'y'.repeat(9_000)}"`,
      'too-large',
    ],
  ])('%s: %s', (_label, header, problem) => {
    expect(problemOf(header)).toBe(problem)
  })

  it(`reads no more than ${MAX_L402_CHALLENGE_LENGTH} characters`, () => {
    const padded = `${aperture(macaroon, invoice)}, Other x="${'a'.repeat(MAX_L402_CHALLENGE_LENGTH)}"`
    expect(problemOf(padded)).toBe('too-large')
  })

  it('reads back any macaroon and invoice in any of the forms a service may send (property)', () => {
    const other = fc.constantFrom('', 'Bearer realm="a, b", ', 'Basic, ', 'Negotiate YWJj==, ')
    fc.assert(
      fc.property(
        fc.base64String({ minLength: 4, maxLength: 800 }).filter((m) => m.length > 0),
        fc.stringMatching(/^ln[a-z0-9]{1,600}$/),
        other,
        fc.boolean(),
        (m, i, before, legacyFirst) => {
          const l402 = `L402 macaroon="${m}", invoice="${i}"`
          const header = legacyFirst
            ? `${before}LSAT macaroon="AgE=", invoice="lnx", ${l402}`
            : `${before}${l402}, LSAT macaroon="AgE=", invoice="lnx"`
          expect(parseL402Challenge(header)).toEqual({ scheme: 'L402', macaroon: m, invoice: i })
        },
      ),
    )
  })

  it('throws L402_CHALLENGE and nothing else, whatever the header (property)', () => {
    const piece = fc.constantFrom(
      'L402',
      'LSAT',
      ' ',
      ',',
      '=',
      '"',
      '\\',
      'macaroon',
      'invoice',
      'AgE=',
      'lnbc1',
      'Bearer',
    )
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')),
        ),
        (header) => {
          problemOf(header)
        },
      ),
      { numRuns: 1_000 },
    )
  }, 30_000)
})
