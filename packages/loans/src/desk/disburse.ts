import { decodeInvoice as decodeBolt11, hasErrorCode } from '@btcfi/core'
import { getInfo, payInvoice, trackPayment } from '@btcfi/sdk'
import type { LoanRecord } from '../loan/LoanRecord.js'
import { LND_BLOCK_PADDING, payoutCltvLimit } from '../terms/lockCltvExpiry.js'
import type { DeskContext } from './DeskContext.js'
import { releaseLocks } from './locks.js'

/**
 * Pays the principal (state DISBURSING, written before); a failure cancels the lock.
 *
 * The payment may only take routes whose HTLCs expire, and can be resolved on
 * chain, before the lock's safe deadline (`payoutCltvLimit`): a payee that
 * holds the principal (a hold invoice of its own) cannot keep it past the
 * moment the desk must settle the collateral. Once that window is too short
 * for the invoice, nothing new is sent: a payment lnd already has (a crash
 * after sending) is followed by its hash, else the disbursement fails.
 */
export async function disburse(ctx: DeskContext, loan: LoanRecord): Promise<void> {
  const disbursement = loan.disbursement!
  let outcome: { ok: true; feeMsat: bigint } | { ok: false; failure: string }
  if (disbursement.status === 'FAILED') {
    // Recorded as failed before a crash: the lock may be released already, so
    // the principal is never tried again; only the cancel is finished.
    outcome = { ok: false, failure: disbursement.failure ?? 'FAILED' }
  } else {
    outcome = await payPrincipal(ctx, loan)
  }
  loan = await ctx.load(loan.id)
  if (outcome.ok) {
    const at = ctx.now()
    await ctx.save(
      {
        ...loan,
        state: 'ACTIVE',
        disbursement: { ...disbursement, status: 'SUCCEEDED', feeMsat: outcome.feeMsat },
        disbursedAtMs: at,
        maturesAtMs: at + loan.agreement.termSeconds * 1_000,
        interest: { ...loan.interest, accruedToMs: at },
      },
      [
        {
          type: 'principal.disbursed',
          data: {
            paymentHash: disbursement.paymentHash,
            amountMsat: disbursement.amountMsat,
            feeMsat: outcome.feeMsat,
          },
        },
      ],
    )
    return
  }
  if (disbursement.status !== 'FAILED') {
    loan = await ctx.save(
      { ...loan, disbursement: { ...disbursement, status: 'FAILED', failure: outcome.failure } },
      [
        {
          type: 'principal.failed',
          data: { paymentHash: disbursement.paymentHash, failure: outcome.failure },
        },
      ],
    )
  }
  loan = await releaseLocks(ctx, loan, 'disbursement-failed')
  await ctx.save(
    {
      ...loan,
      state: 'CANCELED',
      cancelReason: `The principal could not be paid (${outcome.failure}).`,
    },
    [{ type: 'loan.canceled', data: { reason: 'disbursement-failed' } }],
  )
}

/**
 * Pays the principal within the lock's window, or follows it by its hash when
 * it may no longer be sent (the window is too short for the invoice, or the
 * invoice has expired, as after a long crash): then a payment lnd never had
 * is a failure, never a send.
 */
async function payPrincipal(
  ctx: DeskContext,
  loan: LoanRecord,
): Promise<{ ok: true; feeMsat: bigint } | { ok: false; failure: string }> {
  const invoice = decodeBolt11(loan.disbursementInvoice)
  const lock = loan.locks.find((l) => l.purpose === 'initial' && l.state === 'ACCEPTED')
  const height = (await getInfo(ctx.client)).blockHeight
  const cltvLimit =
    lock?.expiryHeight === undefined
      ? 0
      : payoutCltvLimit(ctx.terms.lock, lock.expiryHeight, height)
  const tooLate =
    cltvLimit < invoice.minFinalCltvExpiry + LND_BLOCK_PADDING
      ? 'LOCK_WINDOW_PASSED'
      : invoice.expiresAt.getTime() <= Date.now()
        ? 'INVOICE_EXPIRED'
        : undefined
  try {
    const payment = tooLate
      ? await trackPayment(ctx.client, { paymentHash: invoice.paymentHash })
      : // Idempotent on the payment hash: after a crash, a payment lnd has (in
        // flight or done) is followed, not sent again.
        await payInvoice(ctx.client, {
          paymentRequest: loan.disbursementInvoice,
          ...(invoice.amountMsat === undefined
            ? { amountMsat: loan.disbursement!.amountMsat }
            : {}),
          timeoutSeconds: 60,
          cltvLimit,
        })
    return { ok: true, feeMsat: payment.feeMsat }
  } catch (error) {
    if (tooLate && hasErrorCode(error, 'NOT_FOUND')) return { ok: false, failure: tooLate }
    if (!hasErrorCode(error, 'PAYMENT_FAILED')) throw error
    return { ok: false, failure: (error as { failureReason?: string }).failureReason ?? 'FAILED' }
  }
}
