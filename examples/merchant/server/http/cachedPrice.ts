import type { PriceOracle } from '@btcfi/loans'

/** The oracle's price behind a short cache; `invalidate` makes the next read ask the oracle again. */
export interface CachedPrice {
  (): Promise<bigint>
  /**
   * Forgets the cached price, and any answer still on its way: call it when
   * the price is known to have moved (the regtest price control), so that no
   * read after the move can be served a price from before it.
   */
  invalidate(): void
}

/** The oracle's price, asked at most once per `maxAgeMs` (pages poll it often). */
export function cachedPrice(oracle: PriceOracle, maxAgeMs = 1_000): CachedPrice {
  let last: { atMs: number; price: Promise<bigint> } | undefined
  const read = () => {
    if (!last || Date.now() - last.atMs > maxAgeMs) {
      const entry = {
        atMs: Date.now(),
        price: oracle.getPrice().then((snapshot) => snapshot.centsPerBtc),
      }
      last = entry
      entry.price.catch(() => {
        if (last === entry) last = undefined
      })
    }
    return last.price
  }
  return Object.assign(read, {
    invalidate() {
      last = undefined
    },
  })
}
