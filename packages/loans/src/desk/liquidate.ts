import { hasErrorCode, MSAT_PER_SAT, paymentHashOf } from '@btcfi/core'
import { cancelHoldInvoice, getInvoice, keysend, settleHoldInvoice } from '@btcfi/sdk'
import type { LiquidationRecord, LoanRecord } from '../loan/LoanRecord.js'
import { moveLoan } from '../loan/moveLoan.js'
import { liquidationSplit } from '../money/liquidationSplit.js'
import { unpaidMsat } from './accrueLedger.js'
import type { DeskContext } from './DeskContext.js'
import { onInvoiceFinal } from './deskInvoices.js'
import { releasedPreimage, seizeFromEscrow } from './escrowLocks.js'
import { heldCollateralSat } from './loanView.js'
import { cancelLockInvoice, withLock } from './locks.js'

export async function liquidate(
  ctx: DeskContext,
  loan: LoanRecord,
  reason: LiquidationRecord['reason'],
  centsPerBtc: bigint,
  penaltyBps: bigint = loan.agreement.penaltyBps,
  /** v2: the other grounds that hold, asked of the agent in turn when it refuses `reason`. */
  fallbacks: readonly LiquidationRecord['reason'][] = [],
): Promise<void> {
  // v2: nothing is done before the escrow agent releases a lock's preimage on
  // its own evidence; a refusal (ESCROW_REFUSED) leaves the loan ACTIVE.
  const released = loan.agreement.escrow
    ? await seizeFromEscrow(ctx, loan, [reason, ...fallbacks])
    : undefined
  if (released) {
    loan = released.loan
    if (released.reason !== reason) penaltyBps = loan.agreement.penaltyBps
    reason = released.reason
  }
  // Open invoices first: a repayment that won the race means there is nothing to liquidate.
  for (const invoice of loan.invoices.filter((i) => i.state === 'OPEN')) {
    await cancelHoldInvoice(ctx.client, { paymentHash: invoice.paymentHash }).catch(() => undefined)
    const found = await getInvoice(ctx.client, { paymentHash: invoice.paymentHash }).catch(
      () => undefined,
    )
    ctx.stopWatching(invoice.paymentHash)
    await onInvoiceFinal(
      ctx,
      loan.id,
      invoice.paymentHash,
      found?.state === 'SETTLED',
      found?.amountPaidMsat ?? 0n,
    )
    loan = await ctx.load(loan.id)
    if (loan.state !== 'ACTIVE') return
  }
  // v2: one lock is taken (after a rollover two may hold the same collateral).
  const collateral = released ? released.lock.amountSat : heldCollateralSat(loan)
  const split = liquidationSplit({
    collateralSat: collateral,
    principal: loan.agreement.principal,
    currency: loan.agreement.currency,
    arrearsMsat: unpaidMsat(loan),
    centsPerBtc,
    penaltyBps,
  })
  const liquidation: LiquidationRecord = {
    reason,
    centsPerBtc,
    penaltyBps,
    collateralSat: collateral,
    ...split,
    surplus:
      split.surplusSat > 0n
        ? {
            paymentHash: paymentHashOf(ctx.preimageOf(`${loan.id}:surplus`)),
            amountMsat: split.surplusSat * MSAT_PER_SAT,
            status: 'SENDING',
            feeMsat: 0n,
            failure: undefined,
          }
        : undefined,
    atMs: ctx.now(),
    ...(released && { escrowLockId: released.lock.id }),
  }
  loan = await ctx.save(
    moveLoan({ ...loan, escrowRelease: undefined }, 'LIQUIDATING', { liquidation }),
    [
      ...(released
        ? [
            {
              type: 'escrow.released' as const,
              data: { lockId: released.lock.id, paymentHash: released.lock.paymentHash, reason },
            },
          ]
        : []),
      {
        type: 'liquidation.started',
        data: {
          reason,
          centsPerBtc,
          penaltyBps,
          collateralSat: collateral,
          keepSat: split.keepSat,
          surplusSat: split.surplusSat,
          owedMsat: split.owedMsat,
          shortfallMsat: split.shortfallMsat,
        },
      },
    ],
  )
  await finishLiquidation(ctx, loan)
}

/** Settles the held locks, pays the surplus back, marks the loan LIQUIDATED: each step saved, safe to repeat. */
export async function finishLiquidation(ctx: DeskContext, loan: LoanRecord): Promise<void> {
  const { escrowLockId } = loan.liquidation!
  for (const lock of loan.locks.filter((l) => l.state === 'ACCEPTED')) {
    if (escrowLockId !== undefined && lock.id !== escrowLockId) {
      // v2: the collateral is taken once; a lock that held it too goes back.
      await cancelLockInvoice(ctx, lock)
      ctx.stopWatching(lock.paymentHash)
      loan = await ctx.save(withLock(loan, { ...lock, state: 'CANCELED' }), [
        { type: 'lock.canceled', data: { lockId: lock.id, by: 'desk', reason: 'liquidation' } },
      ])
      continue
    }
    // v2: the agent gives the released preimage again (the desk keeps no preimage).
    const preimage =
      escrowLockId === undefined
        ? ctx.preimageOf(lock.id)
        : await releasedPreimage(ctx, lock, loan.liquidation!.reason)
    try {
      await settleHoldInvoice(ctx.client, { preimage })
    } catch (error) {
      const invoice = await getInvoice(ctx.client, { paymentHash: lock.paymentHash }).catch(
        () => undefined,
      )
      if (invoice?.state === 'CANCELED' && escrowLockId !== undefined) {
        // lnd let it go (the agent was out past the lock's expiry): nothing was taken.
        ctx.stopWatching(lock.paymentHash)
        loan = await ctx.save(withLock(loan, { ...lock, state: 'CANCELED' }), [
          { type: 'lock.canceled', data: { lockId: lock.id, by: 'lnd', reason: 'expired' } },
        ])
        continue
      }
      if (invoice?.state !== 'SETTLED') throw error
    }
    ctx.stopWatching(lock.paymentHash)
    loan = await ctx.save(withLock(loan, { ...lock, state: 'SETTLED' }), [
      { type: 'lock.settled', data: { lockId: lock.id, amountSat: lock.amountSat } },
    ])
  }
  for (const lock of loan.locks.filter((l) => l.state === 'OPEN' || l.state === 'PENDING')) {
    if (lock.state === 'OPEN') await cancelLockInvoice(ctx, lock)
    ctx.stopWatching(lock.paymentHash)
    loan = await ctx.save(withLock(loan, { ...lock, state: 'CANCELED' }), [
      { type: 'lock.canceled', data: { lockId: lock.id, by: 'desk', reason: 'liquidation' } },
    ])
  }
  const taken = loan.locks.some((l) => l.id === escrowLockId && l.state === 'SETTLED')
  const lostNow = loan.liquidation!.keepSat > 0n || loan.liquidation!.surplus !== undefined
  if (escrowLockId !== undefined && !taken && lostNow) {
    // v2: the released lock was not taken (lnd canceled it first): the
    // collateral went back, so no surplus is owed, and the debt stays unpaid.
    const lost = loan.liquidation!
    loan = await ctx.save(
      {
        ...loan,
        liquidation: {
          ...lost,
          keepSat: 0n,
          surplusSat: 0n,
          surplus: undefined,
          shortfallMsat: lost.owedMsat,
        },
      },
      [{ type: 'lock.lost', data: { lockId: escrowLockId, owedMsat: lost.owedMsat } }],
    )
  }
  const liquidation = loan.liquidation!
  const surplus = liquidation.surplus
  if (surplus && surplus.status !== 'SUCCEEDED') {
    if (surplus.status === 'SENDING') {
      loan = await ctx.save(loan, [
        {
          type: 'surplus.sent',
          data: { paymentHash: surplus.paymentHash, amountMsat: surplus.amountMsat },
        },
      ])
    }
    try {
      // The same preimage every time: a retry after a crash or a failure can never pay twice.
      const payment = await keysend(ctx.client, {
        dest: loan.agreement.borrowerPubkey,
        amountMsat: surplus.amountMsat,
        preimage: ctx.preimageOf(`${loan.id}:surplus`),
        timeoutSeconds: 60,
        // A borrower's node may hold it: closing the desk stops the wait (recover follows it again).
        signal: ctx.signal,
      })
      loan = await ctx.save(
        {
          ...loan,
          liquidation: {
            ...liquidation,
            surplus: { ...surplus, status: 'SUCCEEDED', feeMsat: payment.feeMsat },
          },
        },
        [
          {
            type: 'surplus.paid',
            data: {
              paymentHash: surplus.paymentHash,
              amountMsat: surplus.amountMsat,
              feeMsat: payment.feeMsat,
            },
          },
        ],
      )
    } catch (error) {
      if (!hasErrorCode(error, 'PAYMENT_FAILED')) throw error
      const failure = (error as { failureReason?: string }).failureReason ?? 'FAILED'
      await ctx.save(
        {
          ...loan,
          liquidation: { ...liquidation, surplus: { ...surplus, status: 'FAILED', failure } },
        },
        [{ type: 'surplus.failed', data: { paymentHash: surplus.paymentHash, failure } }],
      )
      // Stays LIQUIDATING: the next tick tries again, with the same hash.
      return
    }
  }
  await ctx.save(moveLoan(loan, 'LIQUIDATED'), [
    {
      type: 'loan.liquidated',
      data: {
        reason: liquidation.reason,
        keepSat: liquidation.keepSat,
        surplusSat: liquidation.surplusSat,
      },
    },
  ])
}
