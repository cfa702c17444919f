import { describe, expect, it } from 'vitest'
import { checkAgreementSigner } from './checkAgreementSigner.js'

const DESK = `02${'bb'.repeat(32)}`
const BORROWER = `02${'aa'.repeat(32)}`
const refused = (message: RegExp) =>
  expect.objectContaining({
    name: 'LoanError',
    reason: 'AGREEMENT_INVALID',
    shortMessage: expect.stringMatching(message),
  })

describe('checkAgreementSigner', () => {
  it("accepts a signature made by the party's key", () => {
    expect(() => checkAgreementSigner(DESK, DESK, 'desk')).not.toThrow()
    expect(() => checkAgreementSigner(BORROWER, BORROWER, 'borrower')).not.toThrow()
  })

  it("refuses a desk signature that does not verify for the desk's key", () => {
    expect(() => checkAgreementSigner(BORROWER, DESK, 'desk')).toThrow(
      refused(/desk's signature of the agreement does not verify/),
    )
    expect(() => checkAgreementSigner(undefined, DESK, 'desk')).toThrow(refused(/does not verify/))
  })

  it("refuses a loan's agreement the borrower did not sign", () => {
    expect(() => checkAgreementSigner(DESK, BORROWER, 'borrower')).toThrow(
      refused(/not the one this borrower signed/),
    )
  })
})
