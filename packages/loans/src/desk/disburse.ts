import { decodeInvoice as decodeBolt11, hasErrorCode } from '@btcfi/core'
import { getInfo, payInvoice, trackPayment } from '@btcfi/sdk'
import type { LoanRecord } from '../loan/LoanRecord.js'
import { moveLoan } from '../loan/moveLoan.js'
import { LND_BLOCK_PADDING, payoutCltvLimit } from '../terms/lockCltvExpiry.js'
import type { DeskContext } from './DeskContext.js'
import { releaseLocks } from './locks.js'

type Outcome = { ok: true; feeMsat: bigint } | { ok: false; failure: string }

/**
 * Pays the principal of a DISBURSING loan (the state and the payment record
 * are written before) and records the outcome; a failure cancels the lock.
 *
 * The wait for the payment runs apart from the loan's turn and from recovery:
 * a payee may hold the principal for as long as its HTLC lasts, and that
 * must not stall the loan's other requests, the other loans, serving or
 * shutdown. Only the outcome is recorded in the loan's turn.
 *
 * The payment may only take routes whose HTLCs expire, and can be resolved on
 * chain, before the lock's safe deadline (`payoutCltvLimit`): a payee that
 * holds the principal (a hold invoice of its own) cannot keep it past the
 * moment the desk must settle the collateral. Once that window is too short
 * for the invoice, nothing new is sent: a payment lnd already has (a crash
 * after sending) is followed by its hash, else the disbursement fails.
 */
export function disburse(ctx: DeskContext, listed: LoanRecord): void {
  ctx.detached(`disburse:${listed.id}`, 'disbursing', async () => {
    // Read again once the follow is this one's: the record a tick listed may
    // predate an outcome another follow recorded (a failure, the lock
    // released), and a principal must never be sent on a stale SENDING.
    const loan = await ctx.load(listed.id)
    if (loan.state !== 'DISBURSING') return
    const disbursement = loan.disbursement!
    // Recorded as failed before a crash: the lock may be released already, so
    // the principal is never tried again; only the cancel is finished.
    const outcome: Outcome =
      disbursement.status === 'FAILED'
        ? { ok: false, failure: disbursement.failure ?? 'FAILED' }
        : await payPrincipal(ctx, loan)
    await ctx.exclusive(loan.id, () => recordOutcome(ctx, loan.id, outcome))
  })
}

async function recordOutcome(ctx: DeskContext, loanId: string, outcome: Outcome): Promise<void> {
  let loan = await ctx.load(loanId)
  if (loan.state !== 'DISBURSING') return
  const disbursement = loan.disbursement!
  if (outcome.ok) {
    const at = ctx.now()
    await ctx.save(
      moveLoan(loan, 'ACTIVE', {
        disbursement: { ...disbursement, status: 'SUCCEEDED', feeMsat: outcome.feeMsat },
        disbursedAtMs: at,
        maturesAtMs: at + loan.agreement.termSeconds * 1_000,
        interest: { ...loan.interest, accruedToMs: at },
      }),
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
    moveLoan(loan, 'CANCELED', {
      cancelReason: `The principal could not be paid (${outcome.failure}).`,
    }),
    [{ type: 'loan.canceled', data: { reason: 'disbursement-failed' } }],
  )
}

/**
 * Pays the principal within the lock's window, once per hash. A payment lnd
 * already has for the hash (a crash after sending, or another worker's) is
 * followed, and its failure is the outcome: a principal lnd has failed is
 * never sent again, whoever recorded it (the lock may be released by then).
 * Only a hash lnd never saw is sent, and only while the window is long enough
 * for the invoice and the invoice has not expired; else the disbursement
 * fails. Stops waiting (throws) when the desk closes.
 */
async function payPrincipal(ctx: DeskContext, loan: LoanRecord): Promise<Outcome> {
  const invoice = decodeBolt11(loan.disbursementInvoice)
  const failed = (error: unknown): Outcome | undefined =>
    hasErrorCode(error, 'PAYMENT_FAILED')
      ? { ok: false, failure: (error as { failureReason?: string }).failureReason ?? 'FAILED' }
      : undefined
  try {
    const payment = await trackPayment(ctx.client, {
      paymentHash: invoice.paymentHash,
      signal: ctx.signal,
    })
    return { ok: true, feeMsat: payment.feeMsat }
  } catch (error) {
    const outcome = failed(error)
    if (outcome) return outcome
    if (!hasErrorCode(error, 'NOT_FOUND')) throw error
  }
  const lock = loan.locks.find((l) => l.purpose === 'initial' && l.state === 'ACCEPTED')
  const height = (await getInfo(ctx.client)).blockHeight
  const cltvLimit =
    lock?.expiryHeight === undefined
      ? 0
      : payoutCltvLimit(ctx.terms.lock, lock.expiryHeight, height)
  if (cltvLimit < invoice.minFinalCltvExpiry + LND_BLOCK_PADDING) {
    return { ok: false, failure: 'LOCK_WINDOW_PASSED' }
  }
  if (invoice.expiresAt.getTime() <= Date.now()) return { ok: false, failure: 'INVOICE_EXPIRED' }
  try {
    const payment = await payInvoice(ctx.client, {
      paymentRequest: loan.disbursementInvoice,
      ...(invoice.amountMsat === undefined ? { amountMsat: loan.disbursement!.amountMsat } : {}),
      // The borrower owes the fee with the principal (the agreement caps it).
      feeLimitMsat: loan.agreement.disbursementFeeLimitMsat,
      timeoutSeconds: 60,
      cltvLimit,
      signal: ctx.signal,
    })
    return { ok: true, feeMsat: payment.feeMsat }
  } catch (error) {
    const outcome = failed(error)
    if (outcome) return outcome
    throw error
  }
}
