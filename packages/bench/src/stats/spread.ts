import { median } from './median.js'

/** How far the rounds of one figure lie apart. */
export interface Spread {
  min: number
  max: number
  /** (max − min) / median: 0.1 means the rounds lie within 10% of the median. */
  relative: number
}

/** Min, max and their distance relative to the median; NaNs for no values. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { min: Number.NaN, max: Number.NaN, relative: Number.NaN }
  const min = Math.min(...values)
  const max = Math.max(...values)
  const middle = median(values)
  return { min, max, relative: middle === 0 ? 0 : (max - min) / Math.abs(middle) }
}
