import type { LoanStore } from '@btcfi/loans'

/**
 * The same store without its wake index: no `listWaking`, no `hasLoans`. A
 * desk on it reads every open loan at each tick (the full scan of a store
 * without the index), over the same rows.
 */
export function fullScanStore(store: LoanStore): LoanStore {
  return {
    saveQuote: (quote) => store.saveQuote(quote),
    getQuote: (id) => store.getQuote(id),
    saveLoan: (loan, events) => store.saveLoan(loan, events),
    getLoan: (id) => store.getLoan(id),
    listLoans: (filter) => store.listLoans(filter),
    listEvents: (filter) => store.listEvents(filter),
    useNonce: (pubkey, nonce, expiresAtMs, nowMs) =>
      store.useNonce(pubkey, nonce, expiresAtMs, nowMs),
    getCursor: (name) => store.getCursor(name),
    setCursor: (name, value) => store.setCursor(name, value),
    getStreamTally: (streamId) => store.getStreamTally(streamId),
    saveStreamTally: (tally, previousSeq) => store.saveStreamTally(tally, previousSeq),
    // The store stays open: the desk on the indexed store closes it.
    close: async () => {},
  }
}
