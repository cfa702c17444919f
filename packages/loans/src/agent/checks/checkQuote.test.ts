import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Quote } from '../../loan/Quote.js'
import { collateralSat } from '../../money/collateralSat.js'
import { valueMsat } from '../../money/valueMsat.js'
import { defaultTerms } from '../../terms/defaultTerms.js'
import type { LoanTerms } from '../../terms/LoanTerms.js'
import { checkQuote, type QuoteExpectations } from './checkQuote.js'

const DESK = `02${'bb'.repeat(32)}`
const BORROWER = `02${'aa'.repeat(32)}`
const T = 1_700_000_000_000

/** An honest quote: its amounts follow from its price and the terms' LTV. */
function quoteOf(principal: bigint, centsPerBtc: bigint, terms: LoanTerms = defaultTerms): Quote {
  return {
    id: 'ab'.repeat(16),
    deskPubkey: DESK,
    borrowerPubkey: BORROWER,
    principal,
    currency: 'USD',
    centsPerBtc,
    priceAtMs: T,
    collateralSat: collateralSat({ principal, currency: 'USD', centsPerBtc, ltvBps: terms.ltvBps }),
    principalMsat: valueMsat({ amount: principal, currency: 'USD', centsPerBtc }, 'floor'),
    terms,
    createdAtMs: T,
    expiresAtMs: T + 60_000,
  }
}

const quote = quoteOf(50_000n, 10_000_000n)
const expected: QuoteExpectations = {
  deskPubkey: DESK,
  borrowerPubkey: BORROWER,
  terms: defaultTerms,
  nowMs: T + 1_000,
}

const refused = (reason: string, message: RegExp) =>
  expect.objectContaining({
    name: 'LoanError',
    reason,
    shortMessage: expect.stringMatching(message),
  })

describe('checkQuote', () => {
  it('accepts an honest quote of the desk for this borrower, on its terms, before it expires', () => {
    // $500 at $100,000 per BTC and 50% LTV: 1,000,000 sat; the principal is 500,000 sat.
    expect(quote.collateralSat).toBe(1_000_000n)
    expect(checkQuote(quote, expected)).toBe(quote)
    expect(checkQuote(quote, { ...expected, nowMs: quote.expiresAtMs })).toBe(quote)
    expect(checkQuote(quote, { ...expected, accept: (q) => q.collateralSat < 2_000_000n })).toBe(
      quote,
    )
  })

  it('refuses a quote of another desk, or for another borrower', () => {
    expect(() => checkQuote({ ...quote, deskPubkey: `03${'bb'.repeat(32)}` }, expected)).toThrow(
      refused('TERMS_MISMATCH', /not from this desk for this borrower/),
    )
    expect(() =>
      checkQuote({ ...quote, borrowerPubkey: `03${'aa'.repeat(32)}` }, expected),
    ).toThrow(refused('TERMS_MISMATCH', /not from this desk for this borrower/))
  })

  it("refuses a quote on other terms than the desk's published ones", () => {
    expect(() =>
      checkQuote({ ...quote, terms: { ...defaultTerms, aprBps: 1_300n } }, expected),
    ).toThrow(refused('TERMS_MISMATCH', /not the desk's published terms/))
  })

  it('refuses terms that validateTerms refuses, even published: a liquidation LTV below the loan LTV', () => {
    const terms = { ...defaultTerms, marginCallLtvBps: 4_000n, liquidationLtvBps: 4_500n }
    expect(() => checkQuote(quoteOf(50_000n, 10_000_000n, terms), { ...expected, terms })).toThrow(
      refused('TERMS_INVALID', /desk's terms are invalid: LTVs must rise/),
    )
  })

  it('refuses published terms whose amounts are out of range, as TERMS_INVALID', () => {
    const terms = { ...defaultTerms, ltvBps: 0n }
    expect(() => checkQuote({ ...quote, terms }, { ...expected, terms })).toThrow(
      refused('TERMS_INVALID', /desk's terms are invalid: ltvBps/),
    )
  })

  it('refuses a quote whose amounts cannot be computed (a zero price), as a LoanError', () => {
    expect(() => checkQuote({ ...quote, centsPerBtc: 0n }, expected)).toThrow(
      refused('TERMS_MISMATCH', /quote's amounts are invalid/),
    )
  })

  it('refuses a collateral or principal that does not follow from the price and LTV', () => {
    expect(() => checkQuote({ ...quote, collateralSat: 1_000_001n }, expected)).toThrow(
      refused('TERMS_MISMATCH', /does not follow from its price and LTV \(expected 1000000 sat/),
    )
    expect(() => checkQuote({ ...quote, principalMsat: 499_999_999n }, expected)).toThrow(
      refused('TERMS_MISMATCH', /does not follow from its price and LTV/),
    )
  })

  it('refuses an expired quote', () => {
    expect(() => checkQuote(quote, { ...expected, nowMs: quote.expiresAtMs + 1 })).toThrow(
      refused('QUOTE_EXPIRED', /has expired/),
    )
  })

  it('refuses a quote the borrower does not accept, after its own checks', () => {
    expect(() => checkQuote(quote, { ...expected, accept: () => false })).toThrow(
      refused('TERMS_MISMATCH', /was not accepted/),
    )
    let asked = false
    expect(() =>
      checkQuote(
        { ...quote, collateralSat: 1n },
        {
          ...expected,
          accept: () => {
            asked = true
            return true
          },
        },
      ),
    ).toThrow(refused('TERMS_MISMATCH', /does not follow/))
    expect(asked).toBe(false)
  })

  describe('amounts (property)', () => {
    type Case = { principal: bigint; centsPerBtc: bigint; ltvBps: bigint }
    const cases = fc.record({
      principal: fc.bigInt({ min: 1n, max: 10n ** 10n }),
      centsPerBtc: fc.bigInt({ min: 1n, max: 10n ** 10n }),
      ltvBps: fc.bigInt({ min: 1n, max: 7_999n }),
    })
    const honest = ({ principal, centsPerBtc, ltvBps }: Case) => {
      const terms = { ...defaultTerms, ltvBps }
      return { quote: quoteOf(principal, centsPerBtc, terms), expectations: { ...expected, terms } }
    }
    it('accepts every honest quote', () => {
      fc.assert(
        fc.property(cases, (c) => {
          const { quote, expectations } = honest(c)
          expect(checkQuote(quote, expectations)).toBe(quote)
        }),
      )
    })
    it('refuses any collateral other than the one that follows', () => {
      fc.assert(
        fc.property(cases, fc.bigInt({ min: 0n, max: 10n ** 20n }), (c, collateral) => {
          const { quote, expectations } = honest(c)
          fc.pre(collateral !== quote.collateralSat)
          expect(() => checkQuote({ ...quote, collateralSat: collateral }, expectations)).toThrow(
            refused('TERMS_MISMATCH', new RegExp(`expected ${quote.collateralSat} sat`)),
          )
        }),
      )
    })
    it('refuses any principal in msat other than the one that follows', () => {
      fc.assert(
        fc.property(cases, fc.bigInt({ min: 0n, max: 10n ** 20n }), (c, principalMsat) => {
          const { quote, expectations } = honest(c)
          fc.pre(principalMsat !== quote.principalMsat)
          expect(() => checkQuote({ ...quote, principalMsat }, expectations)).toThrow(
            refused(
              'TERMS_MISMATCH',
              new RegExp(
                `${quote.principalMsat} msat, got ${quote.collateralSat} sat and ${principalMsat} msat`,
              ),
            ),
          )
        }),
      )
    })
  })
})
