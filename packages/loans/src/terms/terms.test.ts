import { describe, expect, it } from 'vitest'
import { defaultTerms } from './defaultTerms.js'
import { lockCltvExpiry, requiredLockBlocks, safeDeadlineHeight } from './lockCltvExpiry.js'
import { validateTerms } from './validateTerms.js'

const invalid = (message: RegExp) =>
  expect.objectContaining({ reason: 'TERMS_INVALID', shortMessage: expect.stringMatching(message) })

describe('validateTerms', () => {
  it('accepts the defaults: a 432-block period makes a 465-block lock, within 2016', () => {
    expect(validateTerms(defaultTerms)).toBe(defaultTerms)
    expect(requiredLockBlocks(defaultTerms.lock)).toBe(462)
    expect(lockCltvExpiry(defaultTerms.lock)).toBe(465)
    // lnd cancels at expiry − 18; the desk acts 12 blocks before that
    expect(safeDeadlineHeight(defaultTerms.lock, 1_000)).toBe(970)
  })
  it('refuses a lock beyond the CLTV budget or below lnd minimum', () => {
    expect(() =>
      validateTerms({ ...defaultTerms, lock: { ...defaultTerms.lock, periodBlocks: 1_981 } }),
    ).toThrow(invalid(/exceeds the payer's max-cltv-expiry 2016/))
    expect(
      validateTerms({
        ...defaultTerms,
        lock: { ...defaultTerms.lock, periodBlocks: 1_980, maxCltvExpiry: 65_535 },
      }),
    ).toBeTruthy()
    expect(() =>
      validateTerms({
        ...defaultTerms,
        lock: {
          periodBlocks: 2,
          holdExpiryDeltaBlocks: 12,
          safetyMarginBlocks: 1,
          rolloverLeadBlocks: 1,
          maxCltvExpiry: 2016,
        },
      }),
    ).toThrow(invalid(/below lnd's minimum of 24/))
    expect(() =>
      validateTerms({ ...defaultTerms, lock: { ...defaultTerms.lock, rolloverLeadBlocks: 432 } }),
    ).toThrow(invalid(/rolloverLeadBlocks/))
  })
  it('refuses an LTV ladder that does not rise, and bad amounts', () => {
    expect(() => validateTerms({ ...defaultTerms, marginCallLtvBps: 9_500n })).toThrow(
      invalid(/LTVs must rise/),
    )
    expect(() => validateTerms({ ...defaultTerms, liquidationLtvBps: 10_001n })).toThrow(
      expect.objectContaining({ code: 'INVALID_AMOUNT' }),
    )
    expect(() => validateTerms({ ...defaultTerms, maxPrincipal: 1n })).toThrow(
      expect.objectContaining({ code: 'INVALID_AMOUNT' }),
    )
    expect(() => validateTerms({ ...defaultTerms, termSeconds: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => validateTerms({ ...defaultTerms, currency: 'EUR' as 'USD' })).toThrow(
      invalid(/currency/),
    )
  })
})
