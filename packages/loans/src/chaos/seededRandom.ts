/** A seeded source of numbers: the same seed gives the same sequence, on every machine. */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number
  /** True with probability `p`. */
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** An item drawn by weight (weights > 0). */
  weighted<T>(items: readonly (readonly [T, number])[]): T
}

/**
 * splitmix32 (the 32-bit variant of SplittableRandom's mixer): a few lines,
 * well distributed, and exact across runs, so a seed replays the same plan.
 *
 * @example
 * const r = seededRandom(42)
 * r.int(1, 6) // the same number for seed 42, every time
 */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    z = (z ^ (z >>> 16)) >>> 0
    return z / 0x1_0000_0000
  }
  const random: SeededRandom = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted(items) {
      const total = items.reduce((sum, [, w]) => sum + w, 0)
      let x = next() * total
      for (const [item, w] of items) {
        x -= w
        if (x < 0) return item
      }
      return items[items.length - 1]![0]
    },
  }
  return random
}
