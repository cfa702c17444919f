import { hasErrorCode, isBaseError } from '@btcfi/core'
import { expect, it } from 'vitest'
import * as loans from './index.js'

it('exports the public API (a change here is an API change)', () => {
  expect(Object.keys(loans).sort()).toMatchInlineSnapshot(`
    [
      "BPS",
      "ESCROW_PROTOCOL",
      "LOAN_METADATA_KEY",
      "LoanError",
      "MAX_DISPUTE_WINDOW_MS",
      "MAX_PAYMENT_PROOFS",
      "MIN_DISPUTE_WINDOW_MS",
      "PROTOCOL",
      "PROTOCOL_V2",
      "SIGNATURE_HEADERS",
      "STREAMED_INTEREST_CURSOR",
      "YEAR_MS",
      "accrueInterest",
      "agreementHash",
      "agreementOf",
      "agreementSigningText",
      "answersDefault",
      "binanceSource",
      "bitstampSource",
      "canonicalJson",
      "coinbaseSource",
      "collateralSat",
      "createAgent",
      "createDesk",
      "createDeskHandler",
      "createEscrowAgent",
      "createEscrowHandler",
      "decideRelease",
      "defaultTerms",
      "escrowAttestationText",
      "escrowClient",
      "expectedEscrowClaim",
      "finalLoanStates",
      "fromWire",
      "httpOracle",
      "interestStreamId",
      "invoiceInterestChannel",
      "isLoanError",
      "krakenSource",
      "lenderSecretOf",
      "liquidationSplit",
      "loanErrorReasons",
      "lockCltvExpiry",
      "ltvAtLeast",
      "ltvBps",
      "memoryEscrowStore",
      "memoryLoanStore",
      "openSealedPreimage",
      "parseUsdCents",
      "payInterestPeriodically",
      "requestSigningText",
      "requiredLockBlocks",
      "safeDeadlineHeight",
      "scriptedOracle",
      "sealPreimage",
      "signEscrowAttestation",
      "signLenderRequest",
      "streamInterest",
      "toWire",
      "validateTerms",
      "valueMsat",
      "verifyEscrowAttestation",
      "verifyLenderRequest",
    ]
  `)
})

it('LoanError is an SDK error with a code of its own, the same as its reason, and an HTTP status', () => {
  const error = new loans.LoanError('QUOTE_EXPIRED', 'The quote has expired.')
  expect(error).toMatchObject({
    name: 'LoanError',
    code: 'QUOTE_EXPIRED',
    reason: 'QUOTE_EXPIRED',
    status: 409,
  })
  expect(isBaseError(error)).toBe(true)
  expect(hasErrorCode(new Error('wrapped', { cause: error }), 'QUOTE_EXPIRED')).toBe(true)
  // No loan code borrows an unrelated core one: a price that is down is not a node that is down.
  const down = new loans.LoanError('PRICE_UNAVAILABLE', 'No price.')
  expect([down.code, down.status]).toEqual(['PRICE_UNAVAILABLE', 503])
  expect(hasErrorCode(down, 'NODE_UNREACHABLE')).toBe(false)
  const invalid = new loans.LoanError('AGREEMENT_INVALID', 'Not the agreement.')
  expect(hasErrorCode(invalid, 'PERMISSION_DENIED')).toBe(false)
  expect(invalid.code).toBe('AGREEMENT_INVALID')
  expect(loans.isLoanError(error, 'QUOTE_EXPIRED')).toBe(true)
  expect(loans.isLoanError(error, 'REPLAYED')).toBe(false)
  expect(loans.isLoanError(new Error('x'))).toBe(false)
  // no secret in a message: labelled preimages are redacted by BaseError
  const leaky = new loans.LoanError('DESK_ERROR', `settle failed, preimage: ${'ab'.repeat(32)}`)
  expect(leaky.message).not.toContain('ab'.repeat(32))
})
