import type { Hex } from '@btcfi/core'
import { createInvoice, watchInvoice } from '@btcfi/sdk'
import { LoanError } from '../errors/LoanError.js'
import type { DeskInvoiceRecord, LoanRecord } from '../loan/LoanRecord.js'
import { moveLoan } from '../loan/moveLoan.js'
import { deskInvoiceMemo } from '../protocol/deskInvoiceMemo.js'
import { creditLedger } from './accrueLedger.js'
import type { DeskContext } from './DeskContext.js'
import { releaseLocks } from './locks.js'

/** An interest or repayment invoice of the desk, as the borrower sees it. */
export interface DeskInvoice {
  kind: 'interest' | 'repay'
  paymentHash: Hex
  paymentRequest: string
  amountMsat: bigint
  expiresAtMs: number
}

export function watchDeskInvoice(
  ctx: DeskContext,
  loanId: string,
  invoice: DeskInvoiceRecord,
): void {
  if (ctx.closed || ctx.watchers.has(invoice.paymentHash)) return
  const unwatch = watchInvoice(ctx.client, {
    paymentHash: invoice.paymentHash,
    onUpdate: (update) => {
      if (update.state === 'SETTLED' || update.state === 'CANCELED') {
        ctx.stopWatching(invoice.paymentHash)
        ctx.background(loanId, `invoice ${update.state}`, () =>
          onInvoiceFinal(
            ctx,
            loanId,
            invoice.paymentHash,
            update.state === 'SETTLED',
            update.amountPaidMsat,
          ),
        )
      }
    },
    onError: (error) => ctx.report(error, `watching invoice of ${loanId}`),
    onFatal: (error) => {
      ctx.stopWatching(invoice.paymentHash)
      ctx.report(error, `watching invoice of ${loanId}`)
    },
  })
  ctx.watchers.set(invoice.paymentHash, unwatch)
}

export async function onInvoiceFinal(
  ctx: DeskContext,
  loanId: string,
  paymentHash: Hex,
  settled: boolean,
  paidMsat: bigint,
): Promise<void> {
  let loan = await ctx.load(loanId)
  const invoice = loan.invoices.find((i) => i.paymentHash === paymentHash)
  if (invoice?.state !== 'OPEN') return
  const invoices = loan.invoices.map((i) =>
    i.paymentHash === paymentHash
      ? { ...i, state: settled ? ('SETTLED' as const) : ('CANCELED' as const) }
      : i,
  )
  if (!settled) {
    await ctx.save({ ...loan, invoices }, [
      { type: 'invoice.canceled', data: { paymentHash, kind: invoice.kind } },
    ])
    return
  }
  if (invoice.kind === 'interest') {
    await ctx.save({ ...loan, invoices, interest: creditLedger(loan.interest, paidMsat) }, [
      { type: 'interest.paid', data: { paymentHash, amountMsat: paidMsat } },
    ])
    return
  }
  // Repaid: written first, then the collateral goes back (again after a crash: see recover).
  loan = await ctx.save(moveLoan(loan, 'REPAID', { invoices }), [
    { type: 'loan.repaid', data: { paymentHash, amountMsat: paidMsat } },
  ])
  await releaseLocks(ctx, loan, 'repaid')
}

export async function issueInvoice(
  ctx: DeskContext,
  loan: LoanRecord,
  kind: 'interest' | 'repay',
  amountMsat: bigint,
  centsPerBtc: bigint,
  data: Record<string, unknown>,
): Promise<DeskInvoice> {
  const added = await createInvoice(ctx.client, {
    amountMsat,
    memo: deskInvoiceMemo(
      loan.id,
      kind,
      typeof data.accruedToMs === 'number' ? data.accruedToMs : undefined,
    ),
    expirySeconds: ctx.invoiceExpirySeconds,
  })
  const record: DeskInvoiceRecord = {
    kind,
    paymentHash: added.paymentHash,
    paymentRequest: added.paymentRequest,
    amountMsat,
    centsPerBtc,
    state: 'OPEN',
    createdAtMs: ctx.now(),
    expiresAtMs: Date.now() + ctx.invoiceExpirySeconds * 1_000,
  }
  const saved = await ctx.save({ ...loan, invoices: [...loan.invoices, record] }, [
    {
      type: kind === 'interest' ? 'interest.invoiced' : 'repay.invoiced',
      data: { paymentHash: added.paymentHash, amountMsat, ...data },
    },
  ])
  watchDeskInvoice(ctx, saved.id, record)
  return toDeskInvoice(record)
}

export const toDeskInvoice = (i: DeskInvoiceRecord): DeskInvoice => ({
  kind: i.kind,
  paymentHash: i.paymentHash,
  paymentRequest: i.paymentRequest,
  amountMsat: i.amountMsat,
  expiresAtMs: i.expiresAtMs,
})

/** An OPEN invoice of this kind still good for a minute (lnd's wall clock), if any. */
export const openInvoice = (loan: LoanRecord, kind: 'interest' | 'repay') =>
  loan.invoices.find(
    (i) => i.kind === kind && i.state === 'OPEN' && i.expiresAtMs > Date.now() + 60_000,
  )

export function requireActive(loan: LoanRecord): void {
  if (loan.state !== 'ACTIVE') {
    throw new LoanError('LOAN_STATE', `The loan is ${loan.state}, not ACTIVE.`)
  }
}
