import { memoryStreamTallyStore } from '@btcfi/stream'
import { type LoanWake, loanWake } from '../desk/loanWake.js'
import type { LoanEvent, LoanRecord, LoanState, NewLoanEvent } from '../loan/LoanRecord.js'
import type { Quote } from '../loan/Quote.js'
import type { LoanStore } from './LoanStore.js'
import { packJson, unpackJson } from './packJson.js'
import { type SortedIndex, sortedIndex } from './sortedIndex.js'
import { fromStoreJson, toStoreJson } from './storeJson.js'
import { versionConflict } from './versionConflict.js'

/**
 * A store in memory, for tests and demos: lost when the process ends. Values
 * are copied in and out (through the store's JSON), like a real store. Each
 * loan is kept as its JSON packed small (`packJson`), its id in the set of
 * its state, and, when ACTIVE, its wake keys in sorted indexes: a tick at a
 * price that crosses no key touches no idle loan.
 *
 * @example
 * const desk = await startDesk({ client, store: memoryLoanStore(), oracle, secret, terms })
 */
export function memoryLoanStore(): LoanStore {
  const copy = <T>(value: T): T => fromStoreJson<T>(toStoreJson(value))
  const quotes = new Map<string, string>()
  const loans = new Map<string, string>()
  const byState = new Map<LoanState, Set<string>>()
  const below = sortedIndex<bigint>()
  const above = sortedIndex<bigint>()
  const atMs = sortedIndex<number>()
  const atHeight = sortedIndex<number>()
  const events: LoanEvent[] = []
  const nonces = new Map<string, number>()
  const cursors = new Map<string, bigint>()
  const tallies = memoryStreamTallyStore()

  const read = (id: string) => {
    const packed = loans.get(id)
    return packed === undefined ? undefined : fromStoreJson<LoanRecord>(unpackJson(packed))
  }
  const index = (id: string, state: LoanState, wake: LoanWake, add: boolean) => {
    const ids = byState.get(state) ?? new Set()
    byState.set(state, ids)
    if (add) ids.add(id)
    else ids.delete(id)
    const at = <K extends number | bigint>(sorted: SortedIndex<K>, key: K | undefined) => {
      if (key === undefined) return
      if (add) sorted.add(key, id)
      else sorted.delete(key, id)
    }
    at(below, wake.belowCents)
    at(above, wake.aboveCents)
    at(atMs, wake.atMs)
    at(atHeight, wake.atHeight)
  }
  const byCreation = (records: LoanRecord[]) =>
    records.sort(
      (a, b) => a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )

  return {
    async saveQuote(quote: Quote) {
      quotes.set(quote.id, toStoreJson(quote))
    },
    async getQuote(id) {
      const text = quotes.get(id)
      return text === undefined ? undefined : fromStoreJson<Quote>(text)
    },
    async saveLoan(loan: LoanRecord, newEvents: readonly NewLoanEvent[] = []) {
      const stored = read(loan.id)
      if (stored?.version !== (loan.version === 0 ? undefined : loan.version)) {
        throw versionConflict(loan.id, loan.version, stored?.version)
      }
      const text = toStoreJson({ ...loan, version: loan.version + 1 })
      const saved = fromStoreJson<LoanRecord>(text)
      const wake = loanWake(saved)
      if (stored) {
        index(stored.id, stored.state, loanWake(stored), false)
        loans.delete(stored.id)
      }
      // One id string for the map and its index entries.
      loans.set(saved.id, packJson(text))
      index(saved.id, saved.state, wake, true)
      const added = newEvents.map((event) => ({ ...copy(event), seq: events.length + 1 }))
      for (const event of added) events.push(event)
      return { loan: saved, events: copy(added) }
    },
    async getLoan(id) {
      return read(id)
    },
    async listLoans(filter = {}) {
      const ids = filter.states
        ? filter.states.flatMap((state) => [...(byState.get(state) ?? [])])
        : [...loans.keys()]
      return byCreation(
        ids
          .map((id) => read(id)!)
          .filter(
            (loan) =>
              filter.borrowerPubkey === undefined ||
              loan.agreement.borrowerPubkey === filter.borrowerPubkey,
          ),
      )
    },
    async hasLoans(states) {
      return states.some((state) => (byState.get(state)?.size ?? 0) > 0)
    },
    async listWaking({ centsPerBtc, nowMs, height }) {
      const ids = new Set<string>([
        ...(byState.get('DISBURSING') ?? []),
        ...(byState.get('LIQUIDATING') ?? []),
      ])
      const add = (id: string) => ids.add(id)
      atMs.upTo(nowMs, true, add)
      atHeight.upTo(height, true, add)
      if (centsPerBtc !== undefined) {
        below.downTo(centsPerBtc, true, add)
        above.upTo(centsPerBtc, false, add)
      }
      return byCreation([...ids].map((id) => read(id)!))
    },
    async listEvents({ loanId, afterSeq = 0, limit = 1_000 }) {
      return copy(events.filter((e) => e.loanId === loanId && e.seq > afterSeq).slice(0, limit))
    },
    async useNonce(pubkey, nonce, expiresAtMs, nowMs) {
      for (const [key, expires] of nonces) if (expires <= nowMs) nonces.delete(key)
      const key = `${pubkey}:${nonce}`
      if (nonces.has(key)) return false
      nonces.set(key, expiresAtMs)
      return true
    },
    async getCursor(name) {
      return cursors.get(name)
    },
    async setCursor(name, value) {
      cursors.set(name, value)
    },
    getStreamTally: (streamId) => tallies.getStreamTally(streamId),
    saveStreamTally: (tally, previousSeq) => tallies.saveStreamTally(tally, previousSeq),
    async close() {},
  }
}
