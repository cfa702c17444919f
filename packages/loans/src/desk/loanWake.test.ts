import { describe, expect, it } from 'vitest'
import type { LoanRecord, LockRecord } from '../loan/LoanRecord.js'
import { ltvAtLeast } from '../money/ltv.js'
import { sampleLoan } from '../testing/sampleLoan.js'
import { decideLoan, positionAt } from './decideLoan.js'
import { lastTrue, loanWake, MAX_WAKE_CENTS, WAKE_AT_ONCE_MS, wakes } from './loanWake.js'

const T = 1_700_000_000_000
const DAY = 86_400_000
const HELD_EXPIRY = 1_000
// safeDeadlineHeight: expiry − holdExpiryDelta (18) − safetyMargin (12); rollover 72 before.
const DEADLINE = HELD_EXPIRY - 30
const ROLLOVER = DEADLINE - 72

/** An ACTIVE loan: $50,000 against 1 BTC, disbursed at T, one lock held. */
function activeLoan(overrides: Partial<LoanRecord> = {}, agreement = {}): LoanRecord {
  const base = sampleLoan()
  const lock: LockRecord = { ...base.locks[0]!, state: 'ACCEPTED', expiryHeight: HELD_EXPIRY }
  return sampleLoan({
    state: 'ACTIVE',
    agreement: { ...base.agreement, ...agreement },
    disbursedAtMs: T,
    maturesAtMs: T + 30 * DAY,
    locks: [lock],
    disbursement: {
      paymentHash: 'ab'.repeat(32),
      amountMsat: 50_000_000_000n,
      status: 'SUCCEEDED',
      feeMsat: 0n,
      failure: undefined,
    },
    interest: { carry: 0n, accruedMsat: 0n, paidMsat: 0n, accruedToMs: T, dues: [] },
    ...overrides,
  })
}

const action = (loan: LoanRecord, price: bigint | undefined, nowMs: number, height = 0) => {
  const decision = decideLoan(loan, price, nowMs, height)
  if (!decision) return undefined
  if (decision.action === 'liquidate') return `liquidate:${decision.reason}`
  if (decision.action === 'lock-deadline') return 'lock-deadline'
  return [decision.action, ...decision.events.map((e) => e.type)].join(':')
}

describe('loanWake', () => {
  it('an idle loan without interest: the margin call at exactly $62,500, the next due, the rollover height', () => {
    const loan = activeLoan({}, { aprBps: 0n })
    const wake = loanWake(loan)
    // 5,000,000 cents × 10^11 × 10^4 ≥ 8,000 × 10^8 sat × 1000 × P  ⇔  P ≤ 6,250,000
    expect(wake).toEqual({ belowCents: 6_250_000n, atMs: T + DAY, atHeight: ROLLOVER })
    expect(action(loan, 6_250_000n, T + 1)).toBe('save:margin.call')
    expect(action(loan, 6_250_001n, T + 1)).toBeUndefined()
    expect(action(loan, 6_250_001n, T + DAY - 1, ROLLOVER - 1)).toBeUndefined()
    expect(wakes(wake, { centsPerBtc: 6_250_001n, nowMs: T + DAY - 1, height: ROLLOVER - 1 })).toBe(
      false,
    )
    expect(wakes(wake, { centsPerBtc: 6_250_000n, nowMs: T, height: 0 })).toBe(true)
    // without a price only time and height wake it
    expect(wakes(wake, { nowMs: T, height: 0 })).toBe(false)
    expect(wakes(wake, { nowMs: T + DAY, height: 0 })).toBe(true)
    expect(wakes(wake, { nowMs: T, height: ROLLOVER })).toBe(true)
  })

  it('with interest, the price key is taken at the arrears of the next due: exact there, early before', () => {
    const loan = activeLoan()
    const { belowCents } = loanWake(loan)
    const at = (price: bigint, nowMs: number) =>
      ltvAtLeast(positionAt(loan, nowMs, price).position, loan.agreement.marginCallLtvBps)
    expect(at(belowCents!, T + DAY)).toBe(true)
    expect(at(belowCents! + 1n, T + DAY)).toBe(false)
    // interest raises the trigger a little above the interest-free $62,500
    expect(belowCents! > 6_250_000n).toBe(true)
    // a cent above it nothing happens at any time before the due
    for (const t of [T, T + 1, T + DAY / 2, T + DAY - 1]) {
      expect(action(loan, belowCents! + 1n, t)).toBeUndefined()
    }
    expect(action(loan, belowCents!, T + DAY - 1)).toBe(
      at(belowCents!, T + DAY - 1) ? 'save:margin.call' : undefined,
    )
  })

  it('a standing margin call: the key below is the liquidation, the key above where it clears', () => {
    const loan = activeLoan({ marginCall: { atMs: T, ltvBps: 8_000n } }, { aprBps: 0n })
    const wake = loanWake(loan)
    // liquidation at 90%: P ≤ 5·10^21 / 9·10^14 = 5,555,555.5…
    expect(wake.belowCents).toBe(5_555_555n)
    expect(wake.aboveCents).toBe(6_250_000n)
    expect(action(loan, 5_555_555n, T + 1)).toBe('liquidate:ltv')
    expect(action(loan, 5_555_556n, T + 1)).toBeUndefined()
    expect(action(loan, 6_250_000n, T + 1)).toBeUndefined()
    expect(action(loan, 6_250_001n, T + 1)).toBe('save:margin.cleared')
    expect(wakes(wake, { centsPerBtc: 6_250_001n, nowMs: T, height: 0 })).toBe(true)
    expect(wakes(wake, { centsPerBtc: 6_000_000n, nowMs: T, height: 0 })).toBe(false)
  })

  it('a margin call with interest clears above the key at the arrears stored (the least they can be)', () => {
    const loan = activeLoan({
      marginCall: { atMs: T, ltvBps: 8_000n },
      interest: { carry: 0n, accruedMsat: 7_000_000n, paidMsat: 0n, accruedToMs: T, dues: [] },
    })
    const { aboveCents } = loanWake(loan)
    expect(action(loan, aboveCents!, T)).toBeUndefined()
    expect(action(loan, aboveCents! + 1n, T)).toBe('save:margin.cleared')
    // later, more interest: still standing just above the key
    expect(action(loan, aboveCents! + 1n, T + DAY / 2)).toBeUndefined()
  })

  it('no collateral held: every price wakes it (and it liquidates); no height key', () => {
    const loan = activeLoan({ locks: [] })
    const wake = loanWake(loan)
    expect(wake.belowCents).toBe(MAX_WAKE_CENTS)
    expect(wake.atHeight).toBeUndefined()
    expect(action(loan, MAX_WAKE_CENTS, T)).toBe('liquidate:ltv')
  })

  it('a sat loan has no price key; its arrears reach the trigger at a time, found to the ms', () => {
    // 1,000,000 sat lent against 1,300,000 sat: 76.9%; at 2,000% APR the arrears
    // reach the 80% margin call (40,000 sat) within the first day.
    const loan = activeLoan(
      { locks: [{ ...activeLoan().locks[0]!, amountSat: 1_300_000n }] },
      { currency: 'sat', principal: 1_000_000n, collateralSat: 1_300_000n, aprBps: 200_000n },
    )
    const wake = loanWake(loan)
    expect(wake.belowCents).toBeUndefined()
    expect(wake.aboveCents).toBeUndefined()
    expect(wake.atMs! > T && wake.atMs! < T + DAY).toBe(true)
    expect(action(loan, 1n, wake.atMs! - 1)).toBeUndefined()
    expect(action(loan, 1n, wake.atMs!)).toBe('save:margin.call')
  })

  it('a sat loan already past its trigger, or whose margin call already cleared, wakes at once', () => {
    const over = activeLoan(
      {},
      { currency: 'sat', principal: 90_000_000n, collateralSat: 100_000_000n },
    )
    expect(loanWake(over).atMs).toBe(WAKE_AT_ONCE_MS)
    const cleared = activeLoan(
      { marginCall: { atMs: T, ltvBps: 8_000n } },
      { currency: 'sat', principal: 10_000_000n, collateralSat: 100_000_000n },
    )
    expect(loanWake(cleared).atMs).toBe(WAKE_AT_ONCE_MS)
    expect(action(cleared, 1n, T)).toBe('save:margin.cleared')
  })

  it('time: the next due, the grace deadline of the oldest unpaid due, maturity, whichever first', () => {
    const loan = activeLoan({}, { gracePeriodSeconds: 3_600 })
    expect(loanWake(loan).atMs).toBe(T + DAY)
    expect(action(loan, 10_000_000n, T + DAY - 1)).toBeUndefined()
    expect(action(loan, 10_000_000n, T + DAY)).toBe('save:interest.due')

    const due = { atMs: T + DAY, amountMsat: 1_000n }
    const owing = activeLoan(
      {
        interest: {
          carry: 0n,
          accruedMsat: 1_000n,
          paidMsat: 0n,
          accruedToMs: T + DAY,
          dues: [due],
        },
      },
      { gracePeriodSeconds: 3_600 },
    )
    expect(loanWake(owing).atMs).toBe(T + DAY + 3_600_000)
    expect(action(owing, 10_000_000n, T + DAY + 3_599_999)).toBeUndefined()
    expect(action(owing, 10_000_000n, T + DAY + 3_600_000)).toBe('liquidate:interest-default')

    const maturing = activeLoan({ maturesAtMs: T + 5_000 })
    expect(loanWake(maturing).atMs).toBe(T + 5_000)
    expect(action(maturing, 10_000_000n, T + 4_999)).toBeUndefined()
    expect(action(maturing, 10_000_000n, T + 5_000)).toBe('liquidate:maturity')
  })

  it('the due is the end of the interval the ledger is in, however late it was written', () => {
    const loan = activeLoan({
      interest: {
        carry: 0n,
        accruedMsat: 5n,
        paidMsat: 5n,
        accruedToMs: T + 2 * DAY + 5,
        dues: [],
      },
    })
    expect(loanWake(loan).atMs).toBe(T + 3 * DAY)
  })

  it('heights: a rollover is due at deadline − lead; while one is on its way, the deadline', () => {
    const loan = activeLoan()
    expect(loanWake(loan).atHeight).toBe(ROLLOVER)
    expect(action(loan, 10_000_000n, T + 1, ROLLOVER - 1)).toBeUndefined()
    expect(action(loan, 10_000_000n, T + 1, ROLLOVER)).toBe('rollover')
    expect(action(loan, undefined, T + 1, ROLLOVER)).toBe('rollover')
    const rolling = activeLoan({
      locks: [
        ...loan.locks,
        { ...loan.locks[0]!, id: 'loan-1:lock:2', purpose: 'rollover', state: 'OPEN' },
      ],
    })
    expect(loanWake(rolling).atHeight).toBe(DEADLINE)
    expect(action(rolling, 10_000_000n, T + 1, DEADLINE - 1)).toBeUndefined()
    expect(action(rolling, 10_000_000n, T + 1, DEADLINE)).toBe('lock-deadline')
    expect(action(rolling, undefined, T + 1, DEADLINE)).toBe('lock-deadline')
  })

  it('only ACTIVE loans have keys, but for work left on lnd', () => {
    for (const state of ['AWAITING_LOCK', 'DISBURSING', 'LIQUIDATING', 'REPAID'] as const) {
      const released = activeLoan().locks.map((l) => ({ ...l, state: 'CANCELED' as const }))
      expect(loanWake(activeLoan({ state, locks: released }))).toEqual({})
    }
  })

  it('a loan with work left on lnd wakes at once, whatever its state and price', () => {
    const held = activeLoan().locks[0]!
    const open = { ...held, id: 'l:2', paymentHash: '12'.repeat(32), state: 'OPEN' as const }
    const invoice = {
      kind: 'interest' as const,
      paymentHash: '34'.repeat(32),
      paymentRequest: 'lnbcrt1…',
      amountMsat: 1_000n,
      centsPerBtc: 10_000_000n,
      state: 'OPEN' as const,
      createdAtMs: T,
      expiresAtMs: T + 600_000,
    }
    const rolled = {
      ...held,
      id: 'l:3',
      purpose: 'rollover' as const,
      paymentHash: '56'.repeat(32),
    }
    const cases: LoanRecord[] = [
      activeLoan({ state: 'AWAITING_LOCK', locks: [{ ...held, state: 'OPEN' }] }),
      activeLoan({ state: 'AWAITING_LOCK', locks: [{ ...held, state: 'PENDING' }] }),
      activeLoan({ locks: [held, open] }), // a top-up or rollover lock not paid yet
      activeLoan({ invoices: [invoice] }),
      activeLoan({ locks: [held, rolled] }), // a rollover not completed
      activeLoan({ state: 'REPAID' }), // its lock not released yet
      activeLoan({ state: 'CANCELED' }),
    ]
    for (const loan of cases) expect(loanWake(loan).atMs).toBe(WAKE_AT_ONCE_MS)
    // Once done, the ACTIVE loan keeps only its own keys.
    expect(loanWake(activeLoan()).atMs).toBeGreaterThan(T)
  })
})

describe('lastTrue', () => {
  it('finds the last price that holds from any guess', () => {
    for (const edge of [1n, 2n, 1_000n, 6_250_000n, MAX_WAKE_CENTS - 1n]) {
      for (const guess of [-5n, 0n, 1n, edge - 3n, edge, edge + 1n, 10n ** 30n]) {
        expect(lastTrue((p) => p <= edge, guess)).toBe(edge)
      }
    }
    expect(lastTrue(() => false, 5n)).toBeUndefined()
    expect(lastTrue(() => true, 5n)).toBe(MAX_WAKE_CENTS)
  })
})
