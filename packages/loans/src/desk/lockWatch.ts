import { hasErrorCode, MSAT_PER_SAT } from '@btcfi/core'
import { createHoldInvoice, getInvoice, type HoldInvoiceUpdate, watchHoldInvoice } from '@btcfi/sdk'
import { LoanError } from '../errors/LoanError.js'
import type { DeskPaymentRecord, LoanRecord, LockRecord } from '../loan/LoanRecord.js'
import { moveLoan } from '../loan/moveLoan.js'
import type { DeskContext, EventInput } from './DeskContext.js'
import { disburse } from './disburse.js'
import { cancelLockInvoice, completeRollover, isDirect, lockProblem, withLock } from './locks.js'
import { rolloverReplaces } from './pendingWork.js'

/** lnd could not be reached or answer in time: the lock stays PENDING and is made again later. */
const transient = (error: unknown) =>
  hasErrorCode(error, 'NODE_UNREACHABLE') ||
  hasErrorCode(error, 'TIMEOUT') ||
  hasErrorCode(error, 'ABORTED')

/**
 * Creates the hold invoice of a PENDING lock (again after a crash: the hash is
 * derived). When lnd refuses it for good, the lock is dropped (CANCELED, with
 * `lock.rejected`), and a loan still waiting for its first lock is canceled:
 * a refused lock never stays PENDING to fail every recovery after. The
 * refusal is rethrown (typed) to the caller.
 */
export async function issueLock(
  ctx: DeskContext,
  loan: LoanRecord,
  lock: LockRecord,
): Promise<LoanRecord> {
  try {
    return await createLockInvoice(ctx, loan, lock)
  } catch (error) {
    if (transient(error)) throw error
    const problem = `lnd refused the lock invoice: ${(error as Error).message}`
    loan = await ctx.save(withLock(await ctx.load(loan.id), { ...lock, state: 'CANCELED' }), [
      { type: 'lock.rejected', data: { lockId: lock.id, problem } },
    ])
    if (lock.purpose === 'initial' && loan.state === 'AWAITING_LOCK') {
      await ctx.save(moveLoan(loan, 'CANCELED', { cancelReason: problem }), [
        { type: 'loan.canceled', data: { reason: 'lock-rejected' } },
      ])
    }
    throw new LoanError('DESK_ERROR', "The desk's node refused the lock invoice.", {
      cause: error,
    })
  }
}

async function createLockInvoice(
  ctx: DeskContext,
  loan: LoanRecord,
  lock: LockRecord,
): Promise<LoanRecord> {
  let paymentRequest: string
  try {
    paymentRequest = (
      await createHoldInvoice(ctx.client, {
        paymentHash: lock.paymentHash,
        amountMsat: lock.amountSat * MSAT_PER_SAT,
        cltvExpiry: lock.cltvExpiry,
        expirySeconds: ctx.lockExpirySeconds,
        memo: `btcfi loan ${loan.id} collateral (${lock.purpose})`,
      })
    ).paymentRequest
  } catch (error) {
    if (!hasErrorCode(error, 'ALREADY_EXISTS')) throw error
    paymentRequest = (await getInvoice(ctx.client, { paymentHash: lock.paymentHash }))
      .paymentRequest
  }
  const saved = await ctx.save(withLock(loan, { ...lock, state: 'OPEN', paymentRequest }), [
    { type: 'lock.issued', data: { lockId: lock.id, purpose: lock.purpose } },
  ])
  watchLock(ctx, saved.id, lock)
  return saved
}

export function watchLock(ctx: DeskContext, loanId: string, lock: LockRecord): void {
  if (ctx.closed || ctx.watchers.has(lock.paymentHash)) return
  const unwatch = watchHoldInvoice(ctx.client, {
    paymentHash: lock.paymentHash,
    onUpdate: (update) => {
      if (update.state === 'OPEN') return
      ctx.background(loanId, `lock ${update.state}`, () =>
        onLockUpdate(ctx, loanId, lock.id, update),
      )
      if (update.state === 'CANCELED' || update.state === 'SETTLED') {
        ctx.stopWatching(lock.paymentHash)
      }
    },
    onError: (error) => ctx.report(error, `watching lock ${lock.id}`),
    onFatal: (error) => {
      ctx.stopWatching(lock.paymentHash)
      ctx.report(error, `watching lock ${lock.id}`)
    },
  })
  ctx.watchers.set(lock.paymentHash, unwatch)
}

export async function onLockUpdate(
  ctx: DeskContext,
  loanId: string,
  lockId: string,
  update: HoldInvoiceUpdate,
): Promise<void> {
  let loan = await ctx.load(loanId)
  const lock = loan.locks.find((l) => l.id === lockId)
  if (!lock) return
  if (update.state === 'CANCELED') {
    if (lock.state === 'CANCELED' || lock.state === 'SETTLED') return
    // A lock a rollover replaced, canceled by a worker that died before it
    // recorded so: completing the rollover records it.
    if (loan.state === 'ACTIVE' && rolloverReplaces(loan).some((l) => l.id === lockId)) {
      await completeRollover(ctx, loan)
      return
    }
    loan = await ctx.save(withLock(loan, { ...lock, state: 'CANCELED' }), [
      {
        type: 'lock.canceled',
        data: { lockId, by: 'lnd', unexpected: lock.state === 'ACCEPTED' },
      },
    ])
    if (loan.state === 'AWAITING_LOCK' && lock.purpose === 'initial') {
      await ctx.save(
        moveLoan(loan, 'CANCELED', { cancelReason: 'The collateral lock was not paid in time.' }),
        [{ type: 'loan.canceled', data: { reason: 'lock-expired' } }],
      )
    }
    return
  }
  if (update.state === 'SETTLED') {
    if (lock.state !== 'SETTLED') {
      await ctx.save(withLock(loan, { ...lock, state: 'SETTLED' }), [
        { type: 'lock.settled', data: { lockId, amountSat: lock.amountSat } },
      ])
    }
    return
  }
  // ACCEPTED: reported again after every restart; act only on a lock not taken yet.
  if (lock.state !== 'OPEN' && lock.state !== 'PENDING') return
  const wanted =
    (loan.state === 'AWAITING_LOCK' && lock.purpose === 'initial') ||
    (loan.state === 'ACTIVE' && lock.purpose !== 'initial')
  const problem = wanted ? await lockProblem(ctx, loan, lock, update) : `The loan is ${loan.state}.`
  if (problem) {
    // Written before the cancel: of two workers that saw this lock ACCEPTED
    // and judged it apart (a price between their looks), the one whose write
    // comes second is refused (CONFLICT) before it acts on lnd.
    loan = await ctx.save(loan, [{ type: 'lock.rejected', data: { lockId, problem } }])
    await cancelLockInvoice(ctx, lock)
    loan = await ctx.save(withLock(loan, { ...lock, state: 'CANCELED' }))
    if (lock.purpose === 'initial' && loan.state === 'AWAITING_LOCK') {
      await ctx.save(moveLoan(loan, 'CANCELED', { cancelReason: problem }), [
        { type: 'loan.canceled', data: { reason: 'lock-rejected' } },
      ])
    }
    return
  }
  const direct = await isDirect(ctx, loan, update)
  const accepted: LockRecord = {
    ...lock,
    state: 'ACCEPTED',
    expiryHeight: update.lowestExpiryHeight,
  }
  const acceptedEvent: EventInput = {
    type: 'lock.accepted',
    data: {
      lockId,
      purpose: lock.purpose,
      amountSat: lock.amountSat,
      expiryHeight: update.lowestExpiryHeight,
      direct,
    },
  }
  if (lock.purpose === 'initial') {
    const disbursement: DeskPaymentRecord = {
      paymentHash: loan.agreement.disbursementHash,
      amountMsat: loan.agreement.principalMsat,
      status: 'SENDING',
      feeMsat: 0n,
      failure: undefined,
    }
    // Written before the payment: a crash from here on is resumed by `recover`.
    loan = await ctx.save(moveLoan(withLock(loan, accepted), 'DISBURSING', { disbursement }), [
      acceptedEvent,
      {
        type: 'principal.sending',
        data: { paymentHash: disbursement.paymentHash, amountMsat: disbursement.amountMsat },
      },
    ])
    disburse(ctx, loan)
    return
  }
  if (lock.purpose === 'top-up') {
    await ctx.save(withLock(loan, accepted), [
      acceptedEvent,
      { type: 'topup.locked', data: { lockId, amountSat: lock.amountSat } },
    ])
    return
  }
  // A rollover: the new lock holds the collateral; the old ones go back.
  loan = await ctx.save(withLock(loan, accepted), [acceptedEvent])
  loan = await completeRollover(ctx, loan)
}
