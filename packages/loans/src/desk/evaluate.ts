import type { LoanRecord } from '../loan/LoanRecord.js'
import type { Currency } from '../money/constants.js'
import type { PriceSnapshot } from '../oracle/PriceOracle.js'
import type { DeskContext, EventInput } from './DeskContext.js'
import { decideLoan, lockDeadline } from './decideLoan.js'
import { NO_HASH, offerAtEscrow } from './escrowLocks.js'
import { finishLiquidation, liquidate } from './liquidate.js'
import { heldCollateralSat } from './loanView.js'
import { newLock, withLock } from './locks.js'
import { issueLock } from './lockWatch.js'

export const priceOf = (currency: Currency, snapshot: PriceSnapshot | undefined) =>
  currency === 'sat' ? 1n : snapshot?.centsPerBtc

/**
 * One loan at one price and height: interest, dues, LTV, maturity, lock
 * deadlines, as `decideLoan` decides them. Given the record a listing just read (`listed`), it decides on
 * that copy without the loan's lock, and only when there is something to do
 * (an event, a settlement, a rollover) does it go again, in the loan's turn,
 * on the stored record: an idle loan costs no read and no write. A loan whose
 * turn is held (here or by another worker) is left to the next tick.
 */
export async function evaluate(
  ctx: DeskContext,
  loanId: string,
  snapshot: PriceSnapshot | undefined,
  height: number,
  listed?: LoanRecord,
): Promise<void> {
  // Again in the loan's turn, if it is free: a busy loan is left to the next tick.
  const again = async () => {
    await ctx.tryExclusive(loanId, () => evaluate(ctx, loanId, snapshot, height))
  }
  const loan = listed ?? (await ctx.load(loanId))
  if (listed && loan.state === 'LIQUIDATING') return again()
  if (loan.state === 'LIQUIDATING') {
    await finishLiquidation(ctx, loan)
    return
  }
  const centsPerBtc = priceOf(loan.agreement.currency, snapshot)
  const decision = decideLoan(loan, centsPerBtc, ctx.now(), height)
  // Nothing happened but time: the accrual is not written (the next step
  // accrues again from the last written point, and a due or any other event
  // writes it). A book of many idle loans costs no write per tick.
  if (!decision) return
  // v2: a seizure the escrow agent refused is asked again only after a while.
  const waits = () =>
    loan.agreement.escrow !== undefined && ctx.escrow?.mayAsk(loan.id, ctx.now()) === false
  const seizes = decision.action === 'lock-deadline' || decision.action === 'liquidate'
  const idle =
    decision.action === 'lock-deadline' ||
    (decision.action === 'liquidate' &&
      decision.events.length === 0 &&
      decision.rolloverAt === undefined)
  if (seizes && waits() && idle) return
  if (listed) return again()
  switch (decision.action) {
    case 'lock-deadline': {
      if (waits()) return
      // The penalty is the borrower's only when a rollover lock was offered for
      // this deadline and a price stood: a desk, oracle or node that was down is no default.
      const fallback = centsPerBtc ?? ctx.lastPrice?.centsPerBtc ?? loan.agreement.centsPerBtc
      const penalty = decision.offered && centsPerBtc !== undefined ? loan.agreement.penaltyBps : 0n
      await liquidate(ctx, loan, 'lock-deadline', fallback, penalty)
      return
    }
    case 'rollover':
      await requestRollover(ctx, decision.loan, decision.deadline, decision.events)
      return
    case 'liquidate': {
      const saved = await ctx.save(decision.loan, decision.events)
      // v2: while the agent refuses the seizure, the loan goes on as any
      // other: its lock is still rolled over (a refusal is never a deadline).
      const rollIfDue = async () => {
        if (decision.rolloverAt === undefined || !loan.agreement.escrow) return
        const current = await ctx.load(loanId)
        if (current.state === 'ACTIVE' && !lockDeadline(current).rolling) {
          await requestRollover(ctx, current, decision.rolloverAt, [])
        }
      }
      if (waits()) return rollIfDue()
      // A liquidation on LTV, default or maturity is decided only at a price.
      try {
        await liquidate(
          ctx,
          saved,
          decision.reason,
          centsPerBtc ?? loan.agreement.centsPerBtc,
          loan.agreement.penaltyBps,
          decision.others,
        )
      } catch (error) {
        await rollIfDue()
        throw error
      }
      return
    }
    case 'save':
      await ctx.save(decision.loan, decision.events)
  }
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
  // v2: the borrower draws the new lock's preimage; it waits for her hash
  // (`ackRollover`). The agent is told first: a lock-deadline release waits
  // the rollover's lead after the offer (an agent out of reach: asked next tick).
  const v2 = loan.agreement.escrow !== undefined
  if (v2) await offerAtEscrow(ctx, loan)
  const lock = {
    ...newLock(
      ctx,
      loan,
      'rollover',
      heldCollateralSat(loan),
      v2 ? { paymentHash: NO_HASH } : undefined,
    ),
    deadlineHeight: deadline,
  }
  loan = await ctx.save(withLock(loan, lock), [
    ...events,
    {
      type: 'rollover.requested',
      data: {
        lockId: lock.id,
        ...(!v2 && { paymentHash: lock.paymentHash }),
        amountSat: lock.amountSat,
        deadlineHeight: deadline,
      },
    },
  ])
  if (!v2) await issueLock(ctx, loan, lock)
}
