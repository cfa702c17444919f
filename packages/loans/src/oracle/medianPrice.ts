import { BPS } from '../money/constants.js'

/** The median of prices, the lower-middle average rounded down for an even count. */
export function medianPrice(prices: readonly bigint[]): bigint {
  if (prices.length === 0) throw new RangeError('no prices')
  const sorted = [...prices].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2n
}

/** True when `price` is more than `maxDeviationBps` away from `reference`, compared exactly. */
export function isOutlier(price: bigint, reference: bigint, maxDeviationBps: bigint): boolean {
  const diff = price > reference ? price - reference : reference - price
  return diff * BPS > maxDeviationBps * reference
}
