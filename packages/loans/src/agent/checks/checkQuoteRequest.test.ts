import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkQuoteRequest } from './checkQuoteRequest.js'

const refused = (message: RegExp) =>
  expect.objectContaining({
    name: 'LoanError',
    reason: 'TERMS_MISMATCH',
    shortMessage: expect.stringMatching(message),
  })

describe('checkQuoteRequest', () => {
  it('accepts a quote for the principal and currency asked', () => {
    expect(() =>
      checkQuoteRequest(
        { principal: 50_000n, currency: 'USD' },
        { principal: 50_000n, currency: 'USD' },
      ),
    ).not.toThrow()
  })

  it('refuses a quote in another currency', () => {
    expect(() =>
      checkQuoteRequest(
        { principal: 50_000n, currency: 'sat' },
        { principal: 50_000n, currency: 'USD' },
      ),
    ).toThrow(refused(/50000 sat, not the 50000 USD asked/))
  })

  it('refuses any principal other than the one asked', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (asked, quoted) => {
          fc.pre(asked !== quoted)
          expect(() =>
            checkQuoteRequest(
              { principal: quoted, currency: 'USD' },
              { principal: asked, currency: 'USD' },
            ),
          ).toThrow(refused(new RegExp(`principal of ${quoted} USD, not the ${asked} USD asked`)))
        },
      ),
    )
  })
})
