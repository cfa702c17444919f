import type { Hex } from '@btcfi/core'
import { type Client, listInvoices } from '@btcfi/sdk'
import { type StreamPayment, type StreamRecord, watchStreams } from '@btcfi/stream'
import { isLoanError, LoanError } from '../errors/LoanError.js'
import type { LoanRecord, NewLoanEvent } from '../loan/LoanRecord.js'
import { interestStreamId, LOAN_METADATA_KEY } from '../protocol/interestStream.js'
import type { LoanStore } from '../store/LoanStore.js'
import { creditLedger } from './accrueLedger.js'

/** The store cursor: lnd's settle index of the last streamed payment handled. */
export const STREAMED_INTEREST_CURSOR = 'streamed-interest-settle-index'

export interface StreamedInterestParameters {
  client: Client
  store: LoanStore
  /** The desk's node key: records addressed to another node are refused. Default: asked of the node. */
  deskPubkey?: Hex
  /** Runs a step alone for its loan (the desk's per-loan lock). */
  exclusive: <T>(loanId: string, fn: () => Promise<T>) => Promise<T>
  save: (
    loan: LoanRecord,
    events: readonly Omit<NewLoanEvent, 'loanId' | 'atMs'>[],
  ) => Promise<LoanRecord>
  report: (error: unknown, context: string) => void
  /** Aborted when the desk closes: a credit the store keeps refusing is no longer tried. */
  signal?: AbortSignal
}

/**
 * Credits interest paid as a payment stream (`agent.streamInterest`): every
 * verified stream payment whose record names a loan (`metadata.loan`) is
 * credited to that loan's interest ledger, in lnd's settle order.
 *
 * A loan's stream (`loan-interest-<loan id>`) is bound to the borrower's node
 * key: its first payment is credited only if the borrower's node signed the
 * stream's key (the agreement's `borrowerPubkey`), and from then on only
 * records signed by that key, with a seq above the last one, are credited.
 * The binding and the last seq are kept in the store (`saveStreamTally`), so
 * a restart keeps both. A payment that fails a check is not credited and is
 * reported (`LoanError('BAD_REQUEST')`).
 *
 * Each credit is saved with the payment's settle index (a replay never counts
 * it twice), then the store's cursor moves past it; after a restart the
 * watcher replays from the cursor, so payments that arrived while the desk was
 * down are credited too. Returns a function that stops the watcher and
 * resolves once the payment being handled is done.
 */
export async function creditStreamedInterest(
  p: StreamedInterestParameters,
): Promise<() => Promise<void>> {
  const settleIndex =
    (await p.store.getCursor(STREAMED_INTEREST_CURSOR)) ?? (await latestSettleIndex(p))
  if (settleIndex !== undefined) await p.store.setCursor(STREAMED_INTEREST_CURSOR, settleIndex)
  const receiver = watchStreams(p.client, {
    ...(settleIndex === undefined ? {} : { settleIndex }),
    ...(p.deskPubkey === undefined ? {} : { nodePubkey: p.deskPubkey }),
    store: p.store,
    owner: (record) => borrowerOf(p, record),
    onPayment: (payment) => credit(p, payment),
    onRejected: (reason, invoice) =>
      p.report(
        new LoanError('BAD_REQUEST', `A streamed interest payment was not credited: ${reason}.`),
        `streamed interest ${invoice.paymentHash}`,
      ),
    onError: (error) => p.report(error, 'streamed interest'),
  })
  return async () => {
    receiver.unwatch()
    await receiver.idle()
  }
}

/**
 * The node key a stream must be authorized by: the borrower's, for a loan's
 * interest stream addressed to the loan's desk; none for anything else.
 */
async function borrowerOf(
  p: StreamedInterestParameters,
  record: StreamRecord,
): Promise<Hex | undefined> {
  const loanId = record.metadata?.[LOAN_METADATA_KEY]
  if (typeof loanId !== 'string' || record.stream_id !== interestStreamId(loanId)) return undefined
  const loan = await p.store.getLoan(loanId)
  if (!loan || loan.agreement.deskPubkey.toLowerCase() !== record.destination) return undefined
  return loan.agreement.borrowerPubkey
}

async function credit(p: StreamedInterestParameters, payment: StreamPayment): Promise<void> {
  const loanId = payment.metadata?.[LOAN_METADATA_KEY]
  if (typeof loanId === 'string' && payment.streamId !== interestStreamId(loanId)) {
    // The stream is bound to another loan: its key's owner cannot pay this one with it.
    p.report(
      new LoanError(
        'BAD_REQUEST',
        `Stream ${payment.streamId} cannot pay the interest of loan ${loanId}.`,
      ),
      `streamed interest ${payment.paymentHash}`,
    )
  } else if (typeof loanId === 'string') {
    await untilStored(p.signal, () => creditLoan(p, loanId, payment))
  }
  await p.store.setCursor(STREAMED_INTEREST_CURSOR, payment.settleIndex)
}

/**
 * Runs a credit until the store takes it: a database that failed for a
 * moment, or a write another worker made first, is tried again (from 100 ms,
 * doubling to 5 s) before any later payment, because a loan's settle-index
 * mark moves past every payment below it: a payment let go would never be
 * credited. Stops when the desk closes (the next start replays from the
 * cursor, which has not moved).
 */
async function untilStored(signal: AbortSignal | undefined, work: () => Promise<void>) {
  for (let delayMs = 100; ; delayMs = Math.min(delayMs * 2, 5_000)) {
    try {
      return await work()
    } catch (error) {
      const passing = isLoanError(error, 'STORE_UNAVAILABLE') || isLoanError(error, 'CONFLICT')
      if (!passing || signal?.aborted) throw error
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs))
  }
}

async function creditLoan(
  p: StreamedInterestParameters,
  loanId: string,
  payment: StreamPayment,
): Promise<void> {
  await p.exclusive(loanId, async () => {
    const loan = await p.store.getLoan(loanId)
    if (!loan) {
      p.report(
        new LoanError('NOT_FOUND', `Streamed interest for an unknown loan ${loanId}.`),
        `streamed interest ${payment.paymentHash}`,
      )
      return
    }
    if ((loan.interest.streamSettleIndex ?? 0n) >= payment.settleIndex) return
    await p.save(
      {
        ...loan,
        interest: {
          ...creditLedger(loan.interest, payment.valueMsat),
          streamSettleIndex: payment.settleIndex,
        },
      },
      [
        {
          type: 'interest.paid',
          data: {
            amountMsat: payment.valueMsat,
            paymentHash: payment.paymentHash,
            streamId: payment.streamId,
            seq: payment.seq,
          },
        },
      ],
    )
  })
}

/**
 * On a desk's first start: the highest settle index among the node's latest
 * invoices, a safe place to start (nothing a loan could have streamed is older).
 */
async function latestSettleIndex(p: StreamedInterestParameters): Promise<bigint | undefined> {
  const { invoices } = await listInvoices(p.client, { reversed: true, maxInvoices: 100 })
  let highest = 0n
  for (const invoice of invoices) if (invoice.settleIndex > highest) highest = invoice.settleIndex
  return highest > 0n ? highest : undefined
}
