import {
  assertInteger,
  assertObject,
  type ForwardingEvent,
  type Invoice,
  type OnchainTransaction,
  type Payment,
} from '@btcfi/core'
import type { Client } from '../../client/createClient.js'
import { type ListInvoicesErrorType, listInvoices } from '../invoices/listInvoices.js'
import { type ListTransactionsErrorType, listTransactions } from '../onchain/listTransactions.js'
import { type ListForwardsErrorType, listForwards } from '../payments/listForwards.js'
import { type ListPaymentsErrorType, listPayments } from '../payments/listPayments.js'
import {
  decodeHistoryCursor,
  encodeHistoryCursor,
  type HistoryPosition,
  START,
} from './historyCursor.js'

/** What a history feed holds. */
export type HistoryKind = 'payment' | 'invoice' | 'forward' | 'onchain'

interface EntryBase {
  /** Stable across pages and restarts: `payment:<index>`, `invoice:<addIndex>`, `forward:<n>`, `onchain:<txid>`. */
  id: string
  /** When it happened: created (payments, invoices), forwarded, or first seen (on-chain). */
  at: Date
  /**
   * What it changed this node's funds by, msat, as of the read: minus amount
   * and fee for a succeeded payment, the amount paid for a settled invoice,
   * the fee earned for a forward, the wallet's change for an on-chain
   * transaction; 0 for what is pending or failed.
   */
  deltaMsat: bigint
}

/** One entry of the history feed. */
export type HistoryEntry =
  | (EntryBase & { kind: 'payment'; payment: Payment })
  | (EntryBase & { kind: 'invoice'; invoice: Invoice })
  | (EntryBase & { kind: 'forward'; forward: ForwardingEvent })
  | (EntryBase & { kind: 'onchain'; transaction: OnchainTransaction })

export interface ListHistoryParameters {
  /** Where the previous page ended; absent: from the node's first record. */
  cursor?: string | undefined
  /** At most this many entries, 1 to 1 000. Default 100. */
  limit?: number | undefined
  /** Only these kinds. Default all four. */
  kinds?: readonly HistoryKind[] | undefined
  /**
   * On-chain transactions join the feed with this many confirmations. Default
   * 1; more keeps a reorganisation of the last blocks out of the feed (a
   * transaction read at one height and mined again at another).
   */
  minConfirmations?: number | undefined
  signal?: AbortSignal | undefined
}

export interface ListHistoryReturnType {
  /** Oldest first. */
  entries: HistoryEntry[]
  /** Pass it back for the next page; keep it to go on after a restart. */
  cursor: string
  /** Whether more entries were already there when this page was read. */
  hasMore: boolean
}
export type ListHistoryErrorType =
  | ListPaymentsErrorType
  | ListInvoicesErrorType
  | ListForwardsErrorType
  | ListTransactionsErrorType
  | 'INVALID_ARGUMENT'

const ALL: readonly HistoryKind[] = ['payment', 'invoice', 'forward', 'onchain']
/** lnd's forwarding history defaults to the last day: the feed starts at the epoch's first second. */
const FOREVER = new Date(1_000)

/**
 * One feed of what moved money on this node: payments sent (any status),
 * invoices (as they stand when read), forwards and confirmed on-chain
 * transactions, oldest first, a page at a time. The cursor records where the
 * page ended in each of lnd's own orders (payment index, invoice add index,
 * forwards since the epoch, block height and txid), so a page never skips
 * nor repeats an entry, and a cursor kept across restarts goes on where it
 * stopped. An invoice or payment appears once, with its state when its page
 * was read: follow later changes with the watchers or webhooks.
 *
 * @remarks Permission: `offchain:read`, `invoices:read`, `onchain:read`.
 * @example
 * let cursor: string | undefined
 * do {
 *   const page = await listHistory(client, { cursor, limit: 100 })
 *   for (const entry of page.entries) console.log(entry.kind, entry.at, entry.deltaMsat)
 *   cursor = page.cursor
 *   if (!page.hasMore) break
 * } while (true)
 */
export async function listHistory(
  client: Client,
  parameters: ListHistoryParameters = {},
): Promise<ListHistoryReturnType> {
  assertObject(parameters, 'parameters')
  const limit = parameters.limit ?? 100
  assertInteger(limit, 'limit', { min: 1, max: 1_000 })
  // One more than a page from each source: what is left after the page says exactly whether there is more.
  const ask = limit + 1
  const minConfirmations = parameters.minConfirmations ?? 1
  assertInteger(minConfirmations, 'minConfirmations', { min: 1, max: 1_000 })
  const kinds = new Set(parameters.kinds ?? ALL)
  const from = parameters.cursor === undefined ? START : decodeHistoryCursor(parameters.cursor)
  const options = parameters.signal ? { signal: parameters.signal } : {}

  const [payments, invoices, forwards, onchain] = await Promise.all([
    kinds.has('payment')
      ? listPayments(
          client,
          { indexOffset: from.paymentIndex, maxPayments: ask, includeIncomplete: true },
          options,
        ).then((page) => page.payments.map(paymentEntry))
      : [],
    kinds.has('invoice')
      ? listInvoices(client, { indexOffset: from.invoiceAddIndex, maxInvoices: ask }, options).then(
          (page) => page.invoices.map(invoiceEntry),
        )
      : [],
    kinds.has('forward')
      ? listForwards(
          client,
          { startTime: FOREVER, indexOffset: from.forwardOffset, maxEvents: ask },
          options,
        ).then((page) =>
          page.events.map((event, i) => forwardEntry(event, from.forwardOffset + i + 1)),
        )
      : [],
    kinds.has('onchain')
      ? listTransactions(client, { startHeight: from.onchain.height }, options).then((txs) =>
          txs
            .filter((tx) => tx.blockHeight !== undefined && tx.confirmations >= minConfirmations)
            .sort(byHeightThenTxid)
            .filter((tx) => after(tx, from.onchain))
            .slice(0, ask)
            .map(onchainEntry),
        )
      : [],
  ])

  // A merge of the four, each already in its own order: every entry taken
  // moves its own source's position, so none is lost or read twice.
  const heads = [payments, invoices, forwards, onchain].map((list) => ({ list, next: 0 }))
  const entries: HistoryEntry[] = []
  const to: HistoryPosition = { ...from, onchain: { ...from.onchain } }
  while (entries.length < limit) {
    let best: (typeof heads)[number] | undefined
    for (const head of heads) {
      const entry = head.list[head.next]
      if (entry === undefined) continue
      if (best === undefined || entry.at < best.list[best.next]!.at) best = head
    }
    if (best === undefined) break
    const entry = best.list[best.next++]!
    entries.push(entry)
    advance(to, entry)
  }
  const hasMore = heads.some(({ list, next }) => next < list.length)
  return { entries, cursor: encodeHistoryCursor(to), hasMore }
}

function advance(to: HistoryPosition, entry: HistoryEntry) {
  if (entry.kind === 'payment') to.paymentIndex = entry.payment.paymentIndex
  else if (entry.kind === 'invoice') to.invoiceAddIndex = entry.invoice.addIndex
  else if (entry.kind === 'forward') to.forwardOffset = Number(entry.id.slice('forward:'.length))
  else to.onchain = { height: entry.transaction.blockHeight!, txid: entry.transaction.txid }
}

function paymentEntry(payment: Payment): HistoryEntry {
  return {
    kind: 'payment',
    id: `payment:${payment.paymentIndex}`,
    at: payment.createdAt,
    deltaMsat: payment.status === 'SUCCEEDED' ? -(payment.valueMsat + payment.feeMsat) : 0n,
    payment,
  }
}

function invoiceEntry(invoice: Invoice): HistoryEntry {
  return {
    kind: 'invoice',
    id: `invoice:${invoice.addIndex}`,
    at: invoice.createdAt,
    deltaMsat: invoice.state === 'SETTLED' ? invoice.amountPaidMsat : 0n,
    invoice,
  }
}

function forwardEntry(forward: ForwardingEvent, position: number): HistoryEntry {
  return {
    kind: 'forward',
    id: `forward:${position}`,
    at: forward.at,
    deltaMsat: forward.feeMsat,
    forward,
  }
}

function onchainEntry(transaction: OnchainTransaction): HistoryEntry {
  return {
    kind: 'onchain',
    id: `onchain:${transaction.txid}`,
    at: transaction.at,
    deltaMsat: transaction.amountSat * 1_000n,
    transaction,
  }
}

function byHeightThenTxid(a: OnchainTransaction, b: OnchainTransaction) {
  return a.blockHeight! - b.blockHeight! || (a.txid < b.txid ? -1 : a.txid > b.txid ? 1 : 0)
}

function after(tx: OnchainTransaction, position: HistoryPosition['onchain']) {
  return (
    tx.blockHeight! > position.height ||
    (tx.blockHeight === position.height && tx.txid > position.txid)
  )
}
