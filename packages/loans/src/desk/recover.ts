import { finalLoanStates } from '../loan/LoanRecord.js'
import type { DeskContext } from './DeskContext.js'
import { watchDeskInvoice } from './deskInvoices.js'
import { disburse } from './disburse.js'
import { awaitsBorrower } from './escrowLocks.js'
import { finishLiquidation, liquidate } from './liquidate.js'
import { completeRollover, releaseLocks, withLock } from './locks.js'
import { issueLock, watchLock } from './lockWatch.js'
import { hasPendingWork } from './pendingWork.js'

/**
 * Reconciles the store with lnd after a restart. Each loan's recovery is
 * queued in that loan's turn, and this returns once all are queued: one loan
 * whose payment a payee holds (or whose node call hangs) never keeps the
 * others from being watched, nor the desk from serving. Requests for a loan
 * wait behind its recovery; `whenIdle` waits for all of them.
 */
export async function recoverLoans(ctx: DeskContext): Promise<void> {
  const loans = await ctx.store.listLoans()
  for (const record of loans) {
    if (finalLoanStates.includes(record.state) && !hasPendingWork(record)) continue
    ctx.background(record.id, 'recovering', () => recoverLoan(ctx, record.id))
  }
}

/**
 * Takes up a loan's work where a desk left it (in the loan's turn): makes the
 * locks not made yet, releases the locks of a closed loan, follows a
 * disbursement, finishes a liquidation or a rollover, and watches its open
 * locks and invoices. What another worker did meanwhile is read from the
 * store first, so running it twice does nothing twice: a desk runs it for
 * every loan after a start, and for a loan whose work another worker left
 * (`hasPendingWork`) at a tick.
 */
export async function recoverLoan(ctx: DeskContext, loanId: string): Promise<void> {
  let loan = await ctx.load(loanId)
  // A lock whose invoice was never made is made now (the same derived hash).
  for (const lock of loan.locks.filter((l) => l.state === 'PENDING')) {
    // A v2 rollover lock waits for the borrower's hash: nothing to make yet.
    if (loan.state === 'ACTIVE' && awaitsBorrower(lock)) continue
    if (loan.state === 'AWAITING_LOCK' || (loan.state === 'ACTIVE' && lock.purpose !== 'initial')) {
      // A refusal drops the lock; lnd out of reach leaves it for the next start.
      loan = await issueLock(ctx, loan, lock).catch(async (error: unknown) => {
        ctx.report(error, `making lock ${lock.id}`)
        return ctx.load(loan.id)
      })
    } else {
      loan = await ctx.save(withLock(loan, { ...lock, state: 'CANCELED' }), [
        {
          type: 'lock.canceled',
          data: { lockId: lock.id, by: 'desk', reason: 'never-issued' },
        },
      ])
    }
  }
  if (loan.state === 'REPAID' || loan.state === 'CANCELED') {
    loan = await releaseLocks(ctx, loan, loan.state === 'REPAID' ? 'repaid' : 'canceled')
  }
  // Followed apart from the loan's turn: the payee may hold it for long.
  if (loan.state === 'DISBURSING') disburse(ctx, loan)
  if (loan.state === 'LIQUIDATING') {
    await finishLiquidation(ctx, loan)
    return
  }
  if (loan.state === 'ACTIVE' && loan.escrowRelease) {
    // v2: an ask of the escrow agent a crash cut short is asked again as it was.
    const price = ctx.lastPrice?.centsPerBtc ?? loan.agreement.centsPerBtc
    await liquidate(ctx, loan, loan.escrowRelease.reason, price)
    loan = await ctx.load(loan.id)
    if (loan.state === 'LIQUIDATING' || loan.state === 'LIQUIDATED') return
  }
  if (loan.state === 'ACTIVE') loan = await completeRollover(ctx, loan)
  // Watchers report each invoice's current state first: what happened while the desk was down is seen now.
  for (const lock of loan.locks.filter((l) => l.state === 'OPEN' || l.state === 'ACCEPTED')) {
    watchLock(ctx, loan.id, lock)
  }
  for (const invoice of loan.invoices.filter((i) => i.state === 'OPEN')) {
    watchDeskInvoice(ctx, loan.id, invoice)
  }
}
