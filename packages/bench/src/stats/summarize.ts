import { median } from './median.js'
import { type Spread, spread } from './spread.js'

/** One figure over several rounds. */
export interface Summary {
  median: number
  spread: Spread
  rounds: number[]
}

export function summarize(rounds: readonly number[]): Summary {
  return { median: median(rounds), spread: spread(rounds), rounds: [...rounds] }
}
