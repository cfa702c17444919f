import { memoryStreamTallyStore } from '@btcfi/stream'
import type { LoanEvent, LoanRecord, NewLoanEvent } from '../loan/LoanRecord.js'
import type { Quote } from '../loan/Quote.js'
import type { LoanStore } from './LoanStore.js'
import { fromStoreJson, toStoreJson } from './storeJson.js'
import { versionConflict } from './versionConflict.js'

/**
 * A store in memory, for tests and demos: lost when the process ends. Values
 * are copied in and out (through the store's JSON), like a real store.
 *
 * @example
 * const desk = await startDesk({ client, store: memoryLoanStore(), oracle, secret, terms })
 */
export function memoryLoanStore(): LoanStore {
  const copy = <T>(value: T): T => fromStoreJson<T>(toStoreJson(value))
  const quotes = new Map<string, string>()
  const loans = new Map<string, string>()
  const events: LoanEvent[] = []
  const nonces = new Map<string, number>()
  const cursors = new Map<string, bigint>()
  const tallies = memoryStreamTallyStore()
  return {
    async saveQuote(quote: Quote) {
      quotes.set(quote.id, toStoreJson(quote))
    },
    async getQuote(id) {
      const text = quotes.get(id)
      return text === undefined ? undefined : fromStoreJson<Quote>(text)
    },
    async saveLoan(loan: LoanRecord, newEvents: readonly NewLoanEvent[] = []) {
      const stored = loans.get(loan.id)
      const storedVersion =
        stored === undefined ? undefined : fromStoreJson<LoanRecord>(stored).version
      if (storedVersion !== (loan.version === 0 ? undefined : loan.version)) {
        throw versionConflict(loan.id, loan.version, storedVersion)
      }
      const saved = { ...copy(loan), version: loan.version + 1 }
      loans.set(loan.id, toStoreJson(saved))
      const added = newEvents.map((event) => ({ ...copy(event), seq: events.length + 1 }))
      for (const event of added) events.push(event)
      return { loan: copy(saved), events: copy(added) }
    },
    async getLoan(id) {
      const text = loans.get(id)
      return text === undefined ? undefined : fromStoreJson<LoanRecord>(text)
    },
    async listLoans(filter = {}) {
      return [...loans.values()]
        .map((text) => fromStoreJson<LoanRecord>(text))
        .filter((loan) => !filter.states || filter.states.includes(loan.state))
        .filter(
          (loan) =>
            filter.borrowerPubkey === undefined ||
            loan.agreement.borrowerPubkey === filter.borrowerPubkey,
        )
        .sort((a, b) => a.createdAtMs - b.createdAtMs)
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
