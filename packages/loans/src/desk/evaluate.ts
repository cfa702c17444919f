import type { LiquidationRecord, LoanRecord } from '../loan/LoanRecord.js'
import type { Currency } from '../money/constants.js'
import { ltvAtLeast, ltvBps } from '../money/ltv.js'
import type { PriceSnapshot } from '../oracle/PriceOracle.js'
import { safeDeadlineHeight } from '../terms/lockCltvExpiry.js'
import { accrueLedger, unpaidMsat } from './accrueLedger.js'
import type { DeskContext, EventInput } from './DeskContext.js'
import { finishLiquidation, liquidate } from './liquidate.js'
import { heldCollateralSat } from './loanView.js'
import { newLock, withLock } from './locks.js'
import { issueLock } from './lockWatch.js'

export const priceOf = (currency: Currency, snapshot: PriceSnapshot | undefined) =>
  currency === 'sat' ? 1n : snapshot?.centsPerBtc

/**
 * One loan at one price and height: interest, dues, LTV, maturity, lock
 * deadlines. Given the record a listing just read (`listed`), it decides on
 * that copy without the loan's lock, and only when there is something to do
 * (an event, a settlement, a rollover) does it go again, in the loan's turn,
 * on the stored record: an idle loan costs no read and no write.
 */
export async function evaluate(
  ctx: DeskContext,
  loanId: string,
  snapshot: PriceSnapshot | undefined,
  height: number,
  listed?: LoanRecord,
): Promise<void> {
  const again = () => ctx.exclusive(loanId, () => evaluate(ctx, loanId, snapshot, height))
  let loan = listed ?? (await ctx.load(loanId))
  if (listed && loan.state === 'LIQUIDATING') return again()
  if (loan.state === 'LIQUIDATING') {
    await finishLiquidation(ctx, loan)
    return
  }
  if (loan.state !== 'ACTIVE') return
  const at = ctx.now()
  const held = loan.locks.filter((l) => l.state === 'ACCEPTED')
  const deadline = Math.min(
    ...held.map((l) => safeDeadlineHeight(loan.agreement.lock, l.expiryHeight ?? 0)),
  )
  const centsPerBtc = priceOf(loan.agreement.currency, snapshot)
  if (held.length > 0 && height >= deadline) {
    if (listed) return again()
    // No new lock in time: settle now rather than let lnd cancel the lock. The
    // penalty is the borrower's only when a rollover lock was offered for this
    // deadline and a price stood: a desk, oracle or node that was down is no default.
    const offered = loan.locks.some(
      (l) => l.purpose === 'rollover' && l.deadlineHeight === deadline && l.state !== 'PENDING',
    )
    const fallback = centsPerBtc ?? ctx.lastPrice?.centsPerBtc ?? loan.agreement.centsPerBtc
    const penalty = offered && centsPerBtc !== undefined ? loan.agreement.penaltyBps : 0n
    await liquidate(ctx, loan, 'lock-deadline', fallback, penalty)
    return
  }
  const rolling = loan.locks.some(
    (l) => l.purpose === 'rollover' && (l.state === 'OPEN' || l.state === 'PENDING'),
  )
  const rolloverDue =
    held.length > 0 && height >= deadline - loan.agreement.lock.rolloverLeadBlocks && !rolling
  if (centsPerBtc === undefined) {
    // No price: nothing is valued, but the collateral is still kept locked (a
    // rollover lock's amount is what is held, no price needed).
    if (!rolloverDue) return
    if (listed) return again()
    await requestRollover(ctx, loan, deadline, [])
    return
  }
  const { interest, newDues } = accrueLedger(loan, at, centsPerBtc)
  const events: EventInput[] = newDues.map((d) => ({
    type: 'interest.due',
    data: { dueAtMs: d.atMs, amountMsat: d.amountMsat, paidMsat: interest.paidMsat },
  }))
  loan = { ...loan, interest }
  const position = {
    principal: loan.agreement.principal,
    currency: loan.agreement.currency,
    arrearsMsat: unpaidMsat(loan),
    collateralSat: heldCollateralSat(loan),
    centsPerBtc,
  }
  const oldestDue = interest.dues[0]
  const reason: LiquidationRecord['reason'] | undefined = ltvAtLeast(
    position,
    loan.agreement.liquidationLtvBps,
  )
    ? 'ltv'
    : oldestDue && oldestDue.atMs + loan.agreement.gracePeriodSeconds * 1_000 <= at
      ? 'interest-default'
      : loan.maturesAtMs !== undefined && at >= loan.maturesAtMs
        ? 'maturity'
        : undefined
  if (listed && (reason || events.length > 0)) return again()
  if (reason) {
    loan = await ctx.save(loan, events)
    await liquidate(ctx, loan, reason, centsPerBtc)
    return
  }
  const ltv = ltvBps(position) ?? 0n
  if (ltvAtLeast(position, loan.agreement.marginCallLtvBps)) {
    if (!loan.marginCall) {
      loan = { ...loan, marginCall: { atMs: at, ltvBps: ltv } }
      events.push({
        type: 'margin.call',
        data: { ltvBps: ltv, centsPerBtc, collateralSat: position.collateralSat },
      })
    }
  } else if (loan.marginCall) {
    loan = { ...loan, marginCall: undefined }
    events.push({ type: 'margin.cleared', data: { ltvBps: ltv, centsPerBtc } })
  }
  if (listed && (events.length > 0 || rolloverDue)) return again()
  if (rolloverDue) {
    await requestRollover(ctx, loan, deadline, events)
    return
  }
  // Nothing happened but time: the accrual is not written (the next step
  // accrues again from the last written point, and a due or any other event
  // writes it). A book of many idle loans costs no write per tick.
  if (events.length > 0) await ctx.save(loan, events)
}

/**
 * Offers a new lock for the collateral held, before the held locks' safe
 * deadline. The request is logged with the lock (PENDING) in one write, so a
 * desk that dies before the invoice is made still announces it: recovery
 * makes the invoice, and the borrower's ack waits for it in the loan's turn.
 */
async function requestRollover(
  ctx: DeskContext,
  loan: LoanRecord,
  deadline: number,
  events: EventInput[],
): Promise<void> {
  const lock = {
    ...newLock(ctx, loan, 'rollover', heldCollateralSat(loan)),
    deadlineHeight: deadline,
  }
  loan = await ctx.save(withLock(loan, lock), [
    ...events,
    {
      type: 'rollover.requested',
      data: {
        lockId: lock.id,
        paymentHash: lock.paymentHash,
        amountSat: lock.amountSat,
        deadlineHeight: deadline,
      },
    },
  ])
  await issueLock(ctx, loan, lock)
}
