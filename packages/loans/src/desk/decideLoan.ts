import type { LiquidationRecord, LoanRecord } from '../loan/LoanRecord.js'
import { type DebtPosition, ltvAtLeast, ltvBps } from '../money/ltv.js'
import { safeDeadlineHeight } from '../terms/lockCltvExpiry.js'
import { accrueLedger, unpaidMsat } from './accrueLedger.js'
import type { EventInput } from './DeskContext.js'
import { awaitsBorrower } from './escrowLocks.js'
import { heldCollateralSat } from './loanView.js'

/**
 * What the desk does with an ACTIVE loan at a price, a time and a height
 * (`decideLoan`), or nothing (`undefined`):
 * - `lock-deadline`: a held lock reached its safe deadline; settle (a default
 *   with the penalty only when a rollover lock was `offered` for it);
 * - `rollover`: offer a new lock before that deadline (with `events`, written
 *   with the request);
 * - `liquidate`: the LTV reached liquidation, a due is unpaid past its grace
 *   period, or the loan matured (`loan` accrued, `events` written first);
 * - `save`: write `loan` with `events` (interest dues, a margin call or its end).
 */
export type LoanDecision =
  | { action: 'lock-deadline'; deadline: number; offered: boolean }
  | { action: 'rollover'; deadline: number; loan: LoanRecord; events: EventInput[] }
  | {
      action: 'liquidate'
      reason: Exclude<LiquidationRecord['reason'], 'lock-deadline'>
      /** Every other ground that holds too (v2 asks the escrow agent each in turn). */
      others: Exclude<LiquidationRecord['reason'], 'lock-deadline'>[]
      loan: LoanRecord
      events: EventInput[]
      /** The held locks' deadline, when a rollover would be due now (v2 offers it while a seizure is refused). */
      rolloverAt: number | undefined
    }
  | { action: 'save'; loan: LoanRecord; events: EventInput[] }

/**
 * The held locks' earliest safe deadline (height), and whether a rollover lock
 * is on its way (OPEN or PENDING); `undefined` deadline when no lock is held.
 */
export function lockDeadline(loan: LoanRecord): { deadline: number | undefined; rolling: boolean } {
  const held = loan.locks.filter((l) => l.state === 'ACCEPTED')
  const deadline =
    held.length === 0
      ? undefined
      : Math.min(...held.map((l) => safeDeadlineHeight(loan.agreement.lock, l.expiryHeight ?? 0)))
  const rolling = loan.locks.some(
    (l) => l.purpose === 'rollover' && (l.state === 'OPEN' || l.state === 'PENDING'),
  )
  return { deadline, rolling }
}

/**
 * A loan's interest brought up to `nowMs` at a price (`accrueLedger`), and its
 * debt position then: what every LTV decision of the desk is taken on.
 */
export function positionAt(
  loan: LoanRecord,
  nowMs: number,
  centsPerBtc: bigint,
): { loan: LoanRecord; newDues: LoanRecord['interest']['dues']; position: DebtPosition } {
  const { interest, newDues } = accrueLedger(loan, nowMs, centsPerBtc)
  const accrued = interest === loan.interest ? loan : { ...loan, interest }
  return {
    loan: accrued,
    newDues,
    position: {
      principal: loan.agreement.principal,
      currency: loan.agreement.currency,
      arrearsMsat: unpaidMsat(accrued),
      collateralSat: heldCollateralSat(loan),
      centsPerBtc,
    },
  }
}

/**
 * The desk's decision on one loan, pure: `centsPerBtc` is the price it values
 * the loan at (1n for a `sat` loan; `undefined` when the oracle is down), at
 * the loan clock's `nowMs` and the chain's `height`. Only ACTIVE loans are
 * decided here. `evaluate` carries the decision out; `loanWake` gives, from
 * the same rules, when a loan can next have one.
 */
export function decideLoan(
  loan: LoanRecord,
  centsPerBtc: bigint | undefined,
  nowMs: number,
  height: number,
): LoanDecision | undefined {
  if (loan.state !== 'ACTIVE') return undefined
  const { deadline, rolling } = lockDeadline(loan)
  if (deadline !== undefined && height >= deadline) {
    // No new lock in time: settle now rather than let lnd cancel the lock.
    // Offered: its invoice was made, or (v2) the borrower was asked for its hash.
    const offered = loan.locks.some(
      (l) =>
        l.purpose === 'rollover' &&
        l.deadlineHeight === deadline &&
        (l.state !== 'PENDING' || awaitsBorrower(l)),
    )
    return { action: 'lock-deadline', deadline, offered }
  }
  const rolloverAt =
    deadline !== undefined &&
    height >= deadline - loan.agreement.lock.rolloverLeadBlocks &&
    !rolling
      ? deadline
      : undefined
  if (centsPerBtc === undefined) {
    // No price: nothing is valued, but the collateral is still kept locked (a
    // rollover lock's amount is what is held, no price needed).
    return rolloverAt === undefined
      ? undefined
      : { action: 'rollover', deadline: rolloverAt, loan, events: [] }
  }
  const accrued = positionAt(loan, nowMs, centsPerBtc)
  const { position } = accrued
  const interest = accrued.loan.interest
  const events: EventInput[] = accrued.newDues.map((d) => ({
    type: 'interest.due',
    data: { dueAtMs: d.atMs, amountMsat: d.amountMsat, paidMsat: interest.paidMsat },
  }))
  let next = { ...loan, interest }
  const oldestDue = interest.dues[0]
  const grounds = [
    ltvAtLeast(position, loan.agreement.liquidationLtvBps) && ('ltv' as const),
    oldestDue &&
      oldestDue.atMs + loan.agreement.gracePeriodSeconds * 1_000 <= nowMs &&
      ('interest-default' as const),
    loan.maturesAtMs !== undefined && nowMs >= loan.maturesAtMs && ('maturity' as const),
  ].filter((g) => g !== false && g !== undefined)
  const [reason, ...others] = grounds
  if (reason) return { action: 'liquidate', reason, others, loan: next, events, rolloverAt }
  const ltv = ltvBps(position) ?? 0n
  if (ltvAtLeast(position, loan.agreement.marginCallLtvBps)) {
    if (!loan.marginCall) {
      next = { ...next, marginCall: { atMs: nowMs, ltvBps: ltv } }
      events.push({
        type: 'margin.call',
        data: { ltvBps: ltv, centsPerBtc, collateralSat: position.collateralSat },
      })
    }
  } else if (loan.marginCall) {
    next = { ...next, marginCall: undefined }
    events.push({ type: 'margin.cleared', data: { ltvBps: ltv, centsPerBtc } })
  }
  if (rolloverAt !== undefined)
    return { action: 'rollover', deadline: rolloverAt, loan: next, events }
  // Nothing happened but time: nothing to write (the next step accrues again
  // from the last written point, and a due or any other event writes it).
  return events.length > 0 ? { action: 'save', loan: next, events } : undefined
}
