import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ltvAtLeast } from '../money/ltv.js'
import { type AgentView, decideRelease, type EscrowHold } from './decideRelease.js'
import { testEscrowTerms } from './testing/escrowLock.js'

const hold: EscrowHold = {
  loanId: 'loan-1',
  agreementHash: 'aa'.repeat(32),
  paymentHash: 'bb'.repeat(32),
  ...testEscrowTerms,
  rolledOver: false,
}
const view: AgentView = {
  centsPerBtc: 10_000_000n,
  height: 500,
  nowMs: 0,
}
const DAY = 86_400_000

describe('decideRelease', () => {
  it('liquidation: only at a price of its own where the principal reaches the liquidation LTV', () => {
    // $50,000 against 1 BTC reaches 90% at $55,555.55 and below.
    expect(decideRelease(hold, 'liquidation', { ...view, centsPerBtc: 5_555_555n })).toEqual({
      release: true,
    })
    expect(decideRelease(hold, 'liquidation', { ...view, centsPerBtc: 5_555_556n }).release).toBe(
      false,
    )
    // The desk's word is not a price: without one of its own, nothing.
    const { centsPerBtc: _, ...noPrice } = view
    expect(decideRelease(hold, 'liquidation', noPrice)).toMatchObject({
      release: false,
      why: 'no price of its own',
    })
    expect(decideRelease({ ...hold, currency: 'sat' }, 'liquidation', view).release).toBe(false)
  })

  it('liquidation agrees with the desk’s own rule on the principal, and a lower price never releases less (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 10n }),
        fc.bigInt({ min: 1n, max: 10n ** 10n }),
        fc.bigInt({ min: 1n, max: 9_999n }),
        (principal, collateralSat, price, ltv) => {
          const h = { ...hold, principal, collateralSat, liquidationLtvBps: ltv }
          const released = decideRelease(h, 'liquidation', { ...view, centsPerBtc: price }).release
          const position = {
            principal,
            currency: 'USD' as const,
            arrearsMsat: 0n,
            collateralSat,
            centsPerBtc: price,
          }
          expect(released).toBe(ltvAtLeast(position, ltv))
          if (released && price > 1n) {
            expect(
              decideRelease(h, 'liquidation', { ...view, centsPerBtc: price - 1n }).release,
            ).toBe(true)
          }
        },
      ),
    )
  })

  it('lock deadline: from the safe deadline on, and the rollover lead after an offer, unless a newer lock took over', () => {
    // No rollover offered: the lender never gave the borrower her chance.
    expect(decideRelease(hold, 'lock-deadline', { ...view, height: 5_000 })).toEqual({
      release: false,
      why: 'no rollover was offered for this lock',
    })
    const offered = { ...hold, rolloverOfferedAtHeight: 990 }
    expect(decideRelease(offered, 'lock-deadline', { ...view, height: 999 }).release).toBe(false)
    expect(decideRelease(offered, 'lock-deadline', { ...view, height: 1_000 })).toEqual({
      release: true,
    })
    // Offered late: the borrower still gets her lead.
    const late = { ...hold, rolloverOfferedAtHeight: 999 }
    expect(decideRelease(late, 'lock-deadline', { ...view, height: 1_002 }).release).toBe(false)
    expect(decideRelease(late, 'lock-deadline', { ...view, height: 1_003 }).release).toBe(true)
    const rolled = { ...offered, rolledOver: true }
    for (const ground of ['lock-deadline', 'liquidation', 'default'] as const) {
      expect(
        decideRelease(rolled, ground, { ...view, height: 5_000, centsPerBtc: 1n }).release,
      ).toBe(false)
    }
  })

  it('default: only once the dispute window passed without a valid answer', () => {
    expect(decideRelease(hold, 'default', view)).toMatchObject({
      release: false,
      why: 'no default was claimed',
    })
    const claimed = {
      ...hold,
      dispute: {
        kind: 'interest' as const,
        dueAtMs: 9 * DAY,
        claimedAtMs: 10 * DAY,
        answered: false,
      },
    }
    expect(decideRelease(claimed, 'default', { ...view, nowMs: 11 * DAY - 1 }).release).toBe(false)
    expect(decideRelease(claimed, 'default', { ...view, nowMs: 11 * DAY })).toEqual({
      release: true,
    })
    const answered = {
      ...hold,
      dispute: {
        kind: 'interest' as const,
        dueAtMs: 9 * DAY,
        claimedAtMs: 10 * DAY,
        answered: true,
      },
    }
    expect(decideRelease(answered, 'default', { ...view, nowMs: 100 * DAY }).release).toBe(false)
  })
})
