import type { LoanStore } from '@btcfi/loans'

/** What a store without the wake index lacks. */
const HIDDEN = new Set<PropertyKey>(['listWaking', 'hasLoans'])

/**
 * The same store without its wake index: no `listWaking`, no `hasLoans`, and
 * all the rest its own (`claim` too, when it has one). A desk on it reads every
 * open loan at each tick (the full scan of a store without the index), over
 * the same rows. Its `close` leaves the store open.
 */
export function fullScanStore(store: LoanStore): LoanStore {
  return new Proxy(store, {
    get(target, property) {
      if (HIDDEN.has(property)) return undefined
      // The desk on the indexed store closes it.
      if (property === 'close') return async () => {}
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
    has: (target, property) => !HIDDEN.has(property) && Reflect.has(target, property),
  })
}
