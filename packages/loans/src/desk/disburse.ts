import { decodeInvoice as decodeBolt11, hasErrorCode } from '@btcfi/core'
import { payInvoice } from '@btcfi/sdk'
import type { LoanRecord } from '../loan/LoanRecord.js'
import type { DeskContext } from './DeskContext.js'
import { releaseLocks } from './locks.js'

/** Pays the principal (state DISBURSING, written before); a failure cancels the lock. */
export async function disburse(ctx: DeskContext, loan: LoanRecord): Promise<void> {
  const disbursement = loan.disbursement!
  let outcome: { ok: true; feeMsat: bigint } | { ok: false; failure: string }
  try {
    // Idempotent on the payment hash: after a crash, a payment lnd has (in
    // flight or done) is followed, not sent again.
    const payment = await payInvoice(ctx.client, {
      paymentRequest: loan.disbursementInvoice,
      ...(decodeBolt11(loan.disbursementInvoice).amountMsat === undefined
        ? { amountMsat: disbursement.amountMsat }
        : {}),
      timeoutSeconds: 60,
    })
    outcome = { ok: true, feeMsat: payment.feeMsat }
  } catch (error) {
    if (!hasErrorCode(error, 'PAYMENT_FAILED')) throw error
    outcome = {
      ok: false,
      failure: (error as { failureReason?: string }).failureReason ?? 'FAILED',
    }
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
  loan = await ctx.save(
    { ...loan, disbursement: { ...disbursement, status: 'FAILED', failure: outcome.failure } },
    [
      {
        type: 'principal.failed',
        data: { paymentHash: disbursement.paymentHash, failure: outcome.failure },
      },
    ],
  )
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
