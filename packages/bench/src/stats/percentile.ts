/**
 * The `p`-th percentile (0-100) by linear interpolation between the closest
 * ranks (the method of numpy's default and of most spreadsheets); NaN for none.
 *
 * @example
 * percentile([1, 2, 3, 4], 50) // 2.5
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be within 0-100, got ${p}`)
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (p / 100) * (sorted.length - 1)
  const low = Math.floor(rank)
  const high = Math.ceil(rank)
  const lowValue = sorted[low]!
  return lowValue + (sorted[high]! - lowValue) * (rank - low)
}
