import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkDeskInvoice } from './checkDeskInvoice.js'

const DESK = `02${'bb'.repeat(32)}`
const expected = { deskPubkey: DESK, amountMsat: 21_000n, what: 'interest' } as const
const refused = (message: RegExp) =>
  expect.objectContaining({
    name: 'LoanError',
    reason: 'AGREEMENT_INVALID',
    shortMessage: expect.stringMatching(message),
  })

describe('checkDeskInvoice', () => {
  it("accepts the desk's invoice for the amount it says", () => {
    expect(() => checkDeskInvoice({ payee: DESK, amountMsat: 21_000n }, expected)).not.toThrow()
  })

  it('refuses an invoice another node would be paid', () => {
    expect(() =>
      checkDeskInvoice(
        { payee: `03${'cc'.repeat(32)}`, amountMsat: 21_000n },
        {
          ...expected,
          what: 'repayment',
        },
      ),
    ).toThrow(refused(/repayment invoice is not the desk's/))
  })

  it('refuses an any-amount invoice', () => {
    expect(() => checkDeskInvoice({ payee: DESK, amountMsat: undefined }, expected)).toThrow(
      refused(/interest invoice asks any amount of msat, not 21000/),
    )
  })

  it('refuses any amount other than the one the desk said', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        (said, asked) => {
          fc.pre(said !== asked)
          expect(() =>
            checkDeskInvoice({ payee: DESK, amountMsat: asked }, { ...expected, amountMsat: said }),
          ).toThrow(refused(new RegExp(`asks ${asked} msat, not ${said}\\.`)))
        },
      ),
    )
  })
})
