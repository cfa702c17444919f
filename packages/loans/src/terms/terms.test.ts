import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultTerms } from './defaultTerms.js'
import {
  LND_BLOCK_PADDING,
  lockCltvExpiry,
  maxPayoutFinalCltv,
  payoutCltvLimit,
  requiredLockBlocks,
  safeDeadlineHeight,
} from './lockCltvExpiry.js'
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
  it('refuses a lock period too short to pay the principal out safely: 20 blocks leave 14 of final CLTV, lnd asks 24', () => {
    const lock = {
      ...defaultTerms.lock,
      periodBlocks: 20,
      safetyMarginBlocks: 3,
      rolloverLeadBlocks: 4,
    }
    expect(() => validateTerms({ ...defaultTerms, lock })).toThrow(
      invalid(/lengthen lock.periodBlocks/),
    )
    expect(validateTerms({ ...defaultTerms, lock: { ...lock, periodBlocks: 30 } })).toBeTruthy()
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

describe('the payout window: the principal is resolved while the lock still holds', () => {
  const lock = defaultTerms.lock
  it('with the default terms: a lock taken at 1000 expiring at 1468 lets the principal lock 426 blocks; at most 417 of final CLTV is taken', () => {
    expect(safeDeadlineHeight(lock, 1_468)).toBe(1_438)
    expect(payoutCltvLimit(lock, 1_468, 1_000)).toBe(426)
    expect(maxPayoutFinalCltv(lock)).toBe(417)
  })

  it('any invoice the desk accepts fits the window of any lock it accepts, and its HTLC expires a safety margin before the safe deadline', () => {
    fc.assert(
      fc.property(
        // Terms validateTerms accepts: the window fits lnd's shortest invoice.
        fc
          .record({
            extraPeriod: fc.integer({ min: 0, max: 1_500 }),
            holdExpiryDeltaBlocks: fc.integer({ min: 12, max: 40 }),
            safetyMarginBlocks: fc.integer({ min: 1, max: 50 }),
          })
          .map(({ extraPeriod, ...rest }) => ({
            ...rest,
            periodBlocks: rest.safetyMarginBlocks + LND_BLOCK_PADDING + 24 + extraPeriod,
          })),
        fc.integer({ min: 500, max: 1_000_000 }),
        fc.nat(200),
        fc.nat(1_000),
        (terms, height, extraBlocks, finalCltvSeed) => {
          const lockTerms = { ...lock, ...terms }
          // A lock the desk accepts has at least requiredLockBlocks left.
          const expiry = height + requiredLockBlocks(lockTerms) + extraBlocks
          const finalCltv = finalCltvSeed % (maxPayoutFinalCltv(lockTerms) + 1)
          const limit = payoutCltvLimit(lockTerms, expiry, height)
          expect(finalCltv + LND_BLOCK_PADDING).toBeLessThanOrEqual(limit)
          expect(height + limit).toBe(
            safeDeadlineHeight(lockTerms, expiry) - lockTerms.safetyMarginBlocks,
          )
        },
      ),
    )
  })
})
