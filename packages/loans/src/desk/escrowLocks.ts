import { type Hex, hasErrorCode } from '@btcfi/core'
import { getInvoice } from '@btcfi/sdk'
import { isLoanError, LoanError } from '../errors/LoanError.js'
import type { DefaultClaim, ReleaseGround } from '../escrow/decideRelease.js'
import type { EscrowAttestation } from '../escrow/escrowAttestation.js'
import { verifyEscrowAttestation } from '../escrow/escrowAttestation.js'
import { expectedEscrowClaim } from '../escrow/expectedEscrowClaim.js'
import type { EscrowAgreement } from '../loan/LoanAgreement.js'
import type { LiquidationRecord, LoanRecord, LockRecord } from '../loan/LoanRecord.js'
import { newestRollover } from '../loan/newestRollover.js'
import type { DeskContext } from './DeskContext.js'
import type { DeskEscrow } from './deskEscrow.js'

/** A v2 lock as the borrower names it: the hash she drew and the agent's attestation for it. */
export interface EscrowLockRequest {
  paymentHash: Hex
  attestation: EscrowAttestation
}

/** The payment hash of a v2 rollover lock the borrower has not named yet. */
export const NO_HASH = '' as Hex

/** A v2 rollover lock that waits for the borrower's hash and attestation (`ackRollover`). */
export const awaitsBorrower = (lock: LockRecord): boolean =>
  lock.state === 'PENDING' && lock.paymentHash === NO_HASH

/** The desk's escrow, or `TERMS_MISMATCH` on a desk without one. */
export function escrowOfDesk(ctx: DeskContext): DeskEscrow {
  if (!ctx.escrow) {
    throw new LoanError(
      'TERMS_MISMATCH',
      'This desk lends under protocol v1 only (no escrow agent).',
    )
  }
  return ctx.escrow
}

/** The desk's line to the escrow agent that attested a v2 lock. */
const lenderOf = (ctx: DeskContext, lock: LockRecord) =>
  escrowOfDesk(ctx).lender(lock.escrow!.attestation.agentPubkey)

/** A v2 quote's escrow: an agent the desk accepts (else `TERMS_MISMATCH`), and the lender's key to it. */
export function escrowAgreement(ctx: DeskContext, agentPubkey: Hex): EscrowAgreement {
  const escrow = escrowOfDesk(ctx)
  escrow.lender(agentPubkey)
  return {
    agentPubkey: agentPubkey.toLowerCase(),
    lenderKey: escrow.lenderKey,
    disputeWindowMs: escrow.disputeWindowMs,
  }
}

/**
 * Checks a v2 lock the borrower names before the desk issues it: the agent
 * the agreement names attests that it holds the preimage of this hash, for
 * this loan, agreement and collateral; and the hash is new (to the loan and
 * to lnd), so that no lock the desk made before can stand for it. Anything
 * else is refused (`ESCROW_ATTESTATION`), and nothing is issued: a borrower
 * who gave the agent a wrong preimage has no attestation, and no principal.
 */
export async function checkEscrowLock(
  ctx: DeskContext,
  loan: Pick<LoanRecord, 'agreement' | 'locks'>,
  request: EscrowLockRequest,
  collateralSat: bigint,
): Promise<LockRecord['escrow'] & {}> {
  const paymentHash = request.paymentHash.toLowerCase()
  verifyEscrowAttestation(
    request.attestation,
    expectedEscrowClaim(loan.agreement, paymentHash, collateralSat),
  )
  if (
    paymentHash === loan.agreement.disbursementHash.toLowerCase() ||
    loan.locks.some((l) => l.paymentHash.toLowerCase() === paymentHash)
  ) {
    throw new LoanError('ESCROW_ATTESTATION', 'A lock of this loan had this hash already.')
  }
  const known = await getInvoice(ctx.client, { paymentHash }).then(
    () => true,
    (error: unknown) => {
      if (hasErrorCode(error, 'NOT_FOUND')) return false
      throw error
    },
  )
  if (known) throw new LoanError('ESCROW_ATTESTATION', "The desk's node knows this hash already.")
  return { attestation: request.attestation }
}

/** The agent's ground for a liquidation's reason. */
const groundOf = (reason: LiquidationRecord['reason']): ReleaseGround =>
  reason === 'ltv' ? 'liquidation' : reason === 'lock-deadline' ? 'lock-deadline' : 'default'

/** What the desk claims a defaulting borrower missed. */
function defaultClaimOf(loan: LoanRecord, reason: LiquidationRecord['reason']): DefaultClaim {
  if (reason === 'maturity') return { kind: 'maturity', dueAtMs: loan.maturesAtMs ?? 0 }
  return { kind: 'interest', dueAtMs: loan.interest.dues[0]?.atMs ?? 0 }
}

/** A v2 seizure the agent granted: the lock, its preimage, and the ground it was given on. */
export interface EscrowSeizure {
  loan: LoanRecord
  lock: LockRecord
  preimage: Hex
  reason: LiquidationRecord['reason']
}

/**
 * The lock a v2 seizure takes: the oldest held one at a lock deadline (the
 * one at its deadline), else the newest (the one that holds the collateral
 * longest). It must be held in lnd too: a record a dead worker left stale
 * (a rollover's old lock canceled, not yet recorded) is never asked for.
 */
async function lockToSeize(
  ctx: DeskContext,
  loan: LoanRecord,
  reason: LiquidationRecord['reason'],
): Promise<LockRecord> {
  const held = loan.locks.filter((l) => l.state === 'ACCEPTED' && l.escrow)
  const lock = reason === 'lock-deadline' ? held[0] : held[held.length - 1]
  if (!lock) {
    throw new LoanError('LOAN_STATE', `Loan ${loan.id} holds no lock an escrow agent attested.`)
  }
  const invoice = await getInvoice(ctx.client, { paymentHash: lock.paymentHash })
  if (invoice.state !== 'ACCEPTED') {
    throw new LoanError('LOAN_STATE', `Lock ${lock.id} is ${invoice.state} in lnd: not taken.`)
  }
  return lock
}

/**
 * Asks the escrow agent for a lock's preimage on each ground that holds, in
 * order, until one is granted (a default is claimed first: the borrower's
 * window opens once). The lock and ground are written before each ask
 * (`escrowRelease`), and cleared when the agent refuses; an ask left
 * written by a crash is asked again as it was. The agent answers on its own
 * evidence: every ground refused is `ESCROW_REFUSED`, the loan as it was,
 * asked again after the desk's `retryMs`.
 */
export async function seizeFromEscrow(
  ctx: DeskContext,
  loan: LoanRecord,
  reasons: readonly LiquidationRecord['reason'][],
): Promise<EscrowSeizure> {
  const escrow = escrowOfDesk(ctx)
  const pending = loan.escrowRelease
  const asks = pending ? [pending.reason] : reasons
  let last: unknown
  for (const reason of asks) {
    const lock = pending
      ? loan.locks.find((l) => l.id === pending.lockId)
      : await lockToSeize(ctx, loan, reason)
    if (!lock?.escrow) throw new LoanError('LOAN_STATE', `No lock ${pending?.lockId} to seize.`)
    if (!pending) loan = await ctx.save({ ...loan, escrowRelease: { lockId: lock.id, reason } })
    const lender = lenderOf(ctx, lock)
    try {
      if (groundOf(reason) === 'default') {
        await lender.claimDefault(lock.paymentHash, defaultClaimOf(loan, reason))
      }
      const preimage = await lender.release(lock.paymentHash, groundOf(reason))
      return { loan, lock, preimage, reason }
    } catch (error) {
      escrow.refused(loan.id, ctx.now())
      // Out of reach (it may have said yes): the ask stays, to be asked again.
      if (!isLoanError(error, 'ESCROW_REFUSED')) throw error
      loan = await ctx.save({ ...loan, escrowRelease: undefined })
      last = error
    }
  }
  throw last
}

/** The released preimage of a seizure under way, asked again (the desk keeps none). */
export async function releasedPreimage(
  ctx: DeskContext,
  lock: LockRecord,
  reason: LiquidationRecord['reason'],
): Promise<Hex> {
  return lenderOf(ctx, lock).release(lock.paymentHash, groundOf(reason))
}

/** v2: tells the agent the borrower is offered a rollover of each held lock (before the desk asks her). */
export async function offerAtEscrow(ctx: DeskContext, loan: LoanRecord): Promise<void> {
  for (const lock of loan.locks.filter((l) => l.state === 'ACCEPTED' && l.escrow)) {
    await lenderOf(ctx, lock).offerRollover(lock.paymentHash)
  }
}

/**
 * v2 locks a rollover replaced (CANCELED, an ACCEPTED rollover lock after
 * them) that the escrow agent was not told of yet.
 */
export function unretired(loan: LoanRecord): LockRecord[] {
  if (!loan.agreement.escrow || loan.state !== 'ACTIVE') return []
  return loan.locks
    .slice(0, Math.max(newestRollover(loan), 0))
    .filter((l) => l.state === 'CANCELED' && l.escrow && !l.escrow.retired)
}

/**
 * Tells the escrow agent that a rollover's new lock holds the collateral:
 * the old ones, canceled in lnd already, are never released again. Recorded
 * per lock; an agent out of reach is asked again at the next tick (the loan
 * wakes while one is left: `hasPendingWork`), and the rollover itself is
 * complete without it: a canceled lock's preimage settles nothing.
 */
export async function retireReplaced(ctx: DeskContext, loan: LoanRecord): Promise<LoanRecord> {
  for (const old of unretired(loan)) {
    const escrow = old.escrow!
    try {
      await lenderOf(ctx, old).retire(old.paymentHash)
    } catch (error) {
      ctx.report(error, `retiring lock ${old.id} at its escrow agent`)
      return loan
    }
    loan = await ctx.save(
      {
        ...loan,
        locks: loan.locks.map((l) =>
          l.id === old.id ? { ...old, escrow: { ...escrow, retired: true } } : l,
        ),
      },
      [{ type: 'escrow.retired', data: { lockId: old.id, paymentHash: old.paymentHash } }],
    )
  }
  return loan
}
