import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultTerms } from '../../terms/defaultTerms.js'
import { LND_BLOCK_PADDING, lockCltvExpiry } from '../../terms/lockCltvExpiry.js'
import type { CheckedInvoice } from './checkDeskInvoice.js'
import { checkLockInvoice } from './checkLockInvoice.js'

const DESK = `02${'bb'.repeat(32)}`
const T = 1_700_000_000_000
const lock = { amountSat: 1_000_000n, paymentHash: 'ef'.repeat(32) }
const expected = { deskPubkey: DESK, lockTerms: defaultTerms.lock, nowMs: T }
const invoice: CheckedInvoice = {
  payee: DESK,
  amountMsat: 1_000_000_000n,
  paymentHash: lock.paymentHash,
  minFinalCltvExpiry: 465,
  expiresAt: new Date(T + 600_000),
}
const refused = (message: RegExp) =>
  expect.objectContaining({
    name: 'LoanError',
    reason: 'AGREEMENT_INVALID',
    shortMessage: expect.stringMatching(message),
  })

/** Lock terms validateTerms accepts (the CLTV within the budget). */
const lockTerms = fc
  .record({
    periodBlocks: fc.integer({ min: 40, max: 1_900 }),
    holdExpiryDeltaBlocks: fc.integer({ min: 12, max: 40 }),
    safetyMarginBlocks: fc.integer({ min: 1, max: 12 }),
  })
  .map((t) => ({ ...defaultTerms.lock, ...t, rolloverLeadBlocks: 1, maxCltvExpiry: 2_016 }))
  .filter((t) => lockCltvExpiry(t) + LND_BLOCK_PADDING <= t.maxCltvExpiry)

describe('checkLockInvoice', () => {
  it("accepts the desk's invoice for the lock, asking the agreed CLTV, not expired", () => {
    expect(lockCltvExpiry(defaultTerms.lock)).toBe(465)
    expect(() => checkLockInvoice(invoice, lock, expected)).not.toThrow()
  })

  it('refuses a lock invoice another node would be paid', () => {
    expect(() =>
      checkLockInvoice({ ...invoice, payee: `03${'cc'.repeat(32)}` }, lock, expected),
    ).toThrow(refused(/lock invoice is not the desk's/))
  })

  it('refuses a lock invoice that does not carry the lock hash', () => {
    expect(() =>
      checkLockInvoice({ ...invoice, paymentHash: '00'.repeat(32) }, lock, expected),
    ).toThrow(refused(/does not carry the lock hash/))
  })

  it('refuses a CLTV the lock terms cannot carry within their budget', () => {
    const tight = { ...defaultTerms.lock, maxCltvExpiry: 466 }
    expect(() => checkLockInvoice(invoice, lock, { ...expected, lockTerms: tight })).toThrow(
      refused(/CLTV of 465 blocks, more than agreed \(465, within a budget of 466\)/),
    )
  })

  it('refuses an expired lock invoice (the wall clock at or past its expiry)', () => {
    expect(() =>
      checkLockInvoice(invoice, lock, { ...expected, nowMs: invoice.expiresAt.getTime() }),
    ).toThrow(refused(/lock invoice expired at 2023-11-14T22:23:20.000Z/))
  })

  it('refuses any amount other than the lock amount', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        (amountSat, asked) => {
          fc.pre(asked !== amountSat * 1_000n)
          expect(() =>
            checkLockInvoice({ ...invoice, amountMsat: asked }, { ...lock, amountSat }, expected),
          ).toThrow(
            refused(new RegExp(`lock invoice asks ${asked} msat, not ${amountSat * 1_000n}`)),
          )
        },
      ),
    )
  })

  it('refuses any CLTV above the agreed one: the collateral would stay locked longer', () => {
    fc.assert(
      fc.property(lockTerms, fc.integer({ min: 1, max: 60_000 }), (terms, extra) => {
        const cltv = lockCltvExpiry(terms) + extra
        expect(() =>
          checkLockInvoice({ ...invoice, minFinalCltvExpiry: cltv }, lock, {
            ...expected,
            lockTerms: terms,
          }),
        ).toThrow(refused(new RegExp(`CLTV of ${cltv} blocks, more than agreed`)))
      }),
    )
  })

  it('refuses any CLTV below the agreed one: the lock deadline would come early', () => {
    fc.assert(
      fc.property(lockTerms, fc.integer({ min: 1, max: 2_000 }), (terms, fewer) => {
        const agreed = lockCltvExpiry(terms)
        const cltv = Math.max(0, agreed - fewer)
        expect(() =>
          checkLockInvoice({ ...invoice, minFinalCltvExpiry: cltv }, lock, {
            ...expected,
            lockTerms: terms,
          }),
        ).toThrow(refused(new RegExp(`CLTV of ${cltv} blocks, less than the ${agreed} agreed`)))
      }),
    )
  })

  it('accepts exactly the agreed CLTV for any valid lock terms', () => {
    fc.assert(
      fc.property(lockTerms, (terms) => {
        expect(() =>
          checkLockInvoice({ ...invoice, minFinalCltvExpiry: lockCltvExpiry(terms) }, lock, {
            ...expected,
            lockTerms: terms,
          }),
        ).not.toThrow()
      }),
    )
  })
})
