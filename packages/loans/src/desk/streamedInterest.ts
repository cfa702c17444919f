import { type Client, listInvoices } from '@btcfi/sdk'
import { type StreamPayment, watchStreams } from '@btcfi/stream'
import { LoanError } from '../errors/LoanError.js'
import type { LoanRecord, NewLoanEvent } from '../loan/LoanRecord.js'
import { LOAN_METADATA_KEY } from '../protocol/interestStream.js'
import type { LoanStore } from '../store/LoanStore.js'
import { creditLedger } from './accrueLedger.js'

/** The store cursor: lnd's settle index of the last streamed payment handled. */
export const STREAMED_INTEREST_CURSOR = 'streamed-interest-settle-index'

export interface StreamedInterestParameters {
  client: Client
  store: LoanStore
  /** Runs a step alone for its loan (the desk's per-loan lock). */
  exclusive: <T>(loanId: string, fn: () => Promise<T>) => Promise<T>
  save: (
    loan: LoanRecord,
    events: readonly Omit<NewLoanEvent, 'loanId' | 'atMs'>[],
  ) => Promise<LoanRecord>
  report: (error: unknown, context: string) => void
}

/**
 * Credits interest paid as a payment stream (`agent.streamInterest`): every
 * verified stream payment whose record names a loan (`metadata.loan`) is
 * credited to that loan's interest ledger, in lnd's settle order (a record
 * that fails the stream checks is not credited: see `watchStreams`). Each credit
 * is saved with the payment's settle index (a replay never counts it twice),
 * then the store's cursor moves past it; after a restart the watcher replays
 * from the cursor, so payments that arrived while the desk was down are
 * credited too. Returns a function that stops the watcher.
 */
export async function creditStreamedInterest(p: StreamedInterestParameters): Promise<() => void> {
  const settleIndex =
    (await p.store.getCursor(STREAMED_INTEREST_CURSOR)) ?? (await latestSettleIndex(p))
  if (settleIndex !== undefined) await p.store.setCursor(STREAMED_INTEREST_CURSOR, settleIndex)
  let queue = Promise.resolve()
  const receiver = watchStreams(p.client, {
    ...(settleIndex === undefined ? {} : { settleIndex }),
    onPayment: (payment) => {
      queue = queue
        .then(() => credit(p, payment))
        .catch((error: unknown) =>
          p.report(error, `crediting streamed interest ${payment.paymentHash}`),
        )
    },
    onError: (error) => p.report(error, 'watching streamed interest'),
  })
  return receiver.unwatch
}

async function credit(p: StreamedInterestParameters, payment: StreamPayment): Promise<void> {
  const loanId = payment.metadata?.[LOAN_METADATA_KEY]
  if (typeof loanId === 'string') {
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
  await p.store.setCursor(STREAMED_INTEREST_CURSOR, payment.settleIndex)
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
