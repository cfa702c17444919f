import { MSAT_PER_SAT, paymentHashOf } from '@btcfi/core'
import {
  cancelHoldInvoice,
  getInfo,
  getInvoice,
  type HoldInvoiceUpdate,
  listChannels,
} from '@btcfi/sdk'
import type { LoanRecord, LockPurpose, LockRecord } from '../loan/LoanRecord.js'
import { ltvAtLeast, ltvBps } from '../money/ltv.js'
import { lockCltvExpiry, requiredLockBlocks, safeDeadlineHeight } from '../terms/lockCltvExpiry.js'
import type { DeskContext } from './DeskContext.js'
import { retireReplaced } from './escrowLocks.js'
import { rolloverReplaces } from './pendingWork.js'

export function newLock(
  ctx: DeskContext,
  loan: LoanRecord,
  purpose: LockPurpose,
  amountSat: bigint,
  /** v2: the hash the borrower drew, with the escrow agent's attestation (or `NO_HASH` yet). */
  named?: Pick<LockRecord, 'paymentHash' | 'escrow'>,
): LockRecord {
  const id = `${loan.id}:lock:${loan.nextLockNumber}`
  return {
    id,
    purpose,
    paymentHash: named ? named.paymentHash : paymentHashOf(ctx.preimageOf(id)),
    ...(named?.escrow && { escrow: named.escrow }),
    amountSat,
    cltvExpiry: lockCltvExpiry(loan.agreement.lock),
    paymentRequest: undefined,
    state: 'PENDING',
    expiryHeight: undefined,
    createdAtMs: ctx.now(),
  }
}

export function withLock(loan: LoanRecord, lock: LockRecord): LoanRecord {
  const exists = loan.locks.some((l) => l.id === lock.id)
  return {
    ...loan,
    locks: exists ? loan.locks.map((l) => (l.id === lock.id ? lock : l)) : [...loan.locks, lock],
    nextLockNumber: exists ? loan.nextLockNumber : loan.nextLockNumber + 1,
  }
}

export async function cancelLockInvoice(ctx: DeskContext, lock: LockRecord): Promise<void> {
  try {
    await cancelHoldInvoice(ctx.client, { paymentHash: lock.paymentHash })
  } catch (error) {
    // Already canceled, or gone: either way it is no longer held.
    const invoice = await getInvoice(ctx.client, { paymentHash: lock.paymentHash }).catch(
      () => undefined,
    )
    if (invoice?.state === 'SETTLED' || invoice?.state === 'ACCEPTED') throw error
  }
}

/** Cancels every lock still held or open (the collateral goes back), saving each. */
export async function releaseLocks(
  ctx: DeskContext,
  loan: LoanRecord,
  reason: string,
): Promise<LoanRecord> {
  const live = loan.locks.filter(
    (l) => l.state === 'ACCEPTED' || l.state === 'OPEN' || l.state === 'PENDING',
  )
  for (const lock of live) {
    if (lock.state !== 'PENDING') await cancelLockInvoice(ctx, lock)
    ctx.stopWatching(lock.paymentHash)
    loan = await ctx.save(withLock(loan, { ...lock, state: 'CANCELED' }), [
      { type: 'lock.canceled', data: { lockId: lock.id, by: 'desk', reason } },
    ])
  }
  return loan
}

/**
 * Cancels the locks an ACCEPTED rollover lock replaces (every lock held
 * before it) in lnd, then records them CANCELED and the rollover done in one
 * write. Safe to repeat: after a crash halfway, `recover` calls it again (a
 * lock lnd canceled already is fine); without it the old lock would reach its
 * deadline and the desk would settle a rolled-over loan.
 */
export async function completeRollover(ctx: DeskContext, loan: LoanRecord): Promise<LoanRecord> {
  const replaced = rolloverReplaces(loan)
  if (replaced.length === 0) return retireReplaced(ctx, loan)
  const rollover = [...loan.locks]
    .reverse()
    .find((l) => l.purpose === 'rollover' && l.state === 'ACCEPTED')!
  for (const old of replaced) {
    await cancelLockInvoice(ctx, old)
    ctx.stopWatching(old.paymentHash)
    loan = withLock(loan, { ...old, state: 'CANCELED' })
  }
  loan = await ctx.save(loan, [
    ...replaced.map((old) => ({
      type: 'lock.canceled' as const,
      data: { lockId: old.id, by: 'desk', reason: 'rollover' },
    })),
    {
      type: 'rollover.completed',
      data: { lockId: rollover.id, expiryHeight: rollover.expiryHeight },
    },
  ])
  return retireReplaced(ctx, loan)
}

/**
 * Why an ACCEPTED lock cannot be taken, or undefined when it can. A loan's
 * first lock may come up to the lock invoice's expiry after the quote: the
 * price is asked again then, and a principal the collateral no longer covers
 * (LTV at the margin call or above) is not paid; nor is one when no price
 * can be had.
 */
export async function lockProblem(
  ctx: DeskContext,
  loan: LoanRecord,
  lock: LockRecord,
  update: HoldInvoiceUpdate,
): Promise<string | undefined> {
  if (update.heldMsat !== lock.amountSat * MSAT_PER_SAT) {
    return `The lock holds ${update.heldMsat} msat instead of ${lock.amountSat * MSAT_PER_SAT}.`
  }
  const height = (await getInfo(ctx.client)).blockHeight
  const left = (update.lowestExpiryHeight ?? 0) - height
  const needed = requiredLockBlocks(ctx.terms.lock)
  if (left < needed) {
    return `The lock's HTLC expires in ${left} blocks; the desk needs ${needed} (lock period + safety margin + holdexpirydelta).`
  }
  if (loan.agreement.escrow) {
    // v2: the agent must give the preimage up by the lock's own deadline.
    const named = lock.escrow?.attestation.terms.safeDeadlineHeight
    const deadline = safeDeadlineHeight(loan.agreement.lock, update.lowestExpiryHeight ?? 0)
    if (named === undefined || named > deadline) {
      return `The escrow agent would release this lock from height ${named ?? 'never'}, after its deadline ${deadline}.`
    }
  }
  if (lock.purpose !== 'initial' || loan.agreement.currency === 'sat') return undefined
  const snapshot = await ctx.price().catch(() => undefined)
  if (!snapshot) return 'No price to value the collateral at: the principal is not paid.'
  const position = {
    principal: loan.agreement.principal,
    currency: loan.agreement.currency,
    arrearsMsat: 0n,
    collateralSat: lock.amountSat,
    centsPerBtc: snapshot.centsPerBtc,
  }
  if (ltvAtLeast(position, loan.agreement.marginCallLtvBps)) {
    return `The price moved since the quote: at ${snapshot.centsPerBtc} cents/BTC the collateral no longer covers the principal (LTV ${ltvBps(position)} bps, margin call at ${loan.agreement.marginCallLtvBps}).`
  }
  return undefined
}

/** True when every held HTLC came over a channel with the borrower (no intermediate hop holds it too). */
export async function isDirect(
  ctx: DeskContext,
  loan: LoanRecord,
  update: HoldInvoiceUpdate,
): Promise<boolean> {
  const channels = await listChannels(ctx.client)
  const direct = new Set(
    channels.filter((c) => c.remotePubkey === loan.agreement.borrowerPubkey).map((c) => c.chanId),
  )
  return update.invoice.htlcs
    .filter((h) => h.state === 'ACCEPTED')
    .every((h) => direct.has(h.chanId))
}
