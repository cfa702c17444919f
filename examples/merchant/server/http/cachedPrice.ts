import type { PriceOracle } from '@btcfi/loans'

/** The oracle's price, asked at most once per `maxAgeMs` (pages poll it often). */
export function cachedPrice(oracle: PriceOracle, maxAgeMs = 1_000): () => Promise<bigint> {
  let last: { atMs: number; price: Promise<bigint> } | undefined
  return () => {
    if (!last || Date.now() - last.atMs > maxAgeMs) {
      const price = oracle.getPrice().then((snapshot) => snapshot.centsPerBtc)
      last = { atMs: Date.now(), price }
      price.catch(() => {
        last = undefined
      })
    }
    return last.price
  }
}
