import { LoanError } from '../errors/LoanError.js'
import type { PriceOracle, PriceSnapshot } from './PriceOracle.js'

export interface ScriptedOracle extends PriceOracle {
  /** Sets the price every later `getPrice` returns (and ends a `fail`). */
  set(centsPerBtc: bigint): void
  /** Makes `getPrice` throw PRICE_UNAVAILABLE until the next `set`. */
  fail(): void
  /** The price now set. */
  readonly centsPerBtc: bigint
}

/**
 * An oracle that says what it is told: for tests and demos (a price crash on cue).
 *
 * @example
 * const oracle = scriptedOracle({ centsPerBtc: 10_000_000n })
 * oracle.set(5_500_000n) // BTC falls to $55,000
 */
export function scriptedOracle({
  centsPerBtc,
  now = Date.now,
}: {
  centsPerBtc: bigint
  now?: () => number
}): ScriptedOracle {
  let price = centsPerBtc
  let failing = false
  return {
    get centsPerBtc() {
      return price
    },
    set(next) {
      price = next
      failing = false
    },
    fail() {
      failing = true
    },
    async getPrice(): Promise<PriceSnapshot> {
      if (failing) throw new LoanError('PRICE_UNAVAILABLE', 'The scripted oracle is failing.')
      const atMs = now()
      return { centsPerBtc: price, atMs, sources: [{ name: 'scripted', centsPerBtc: price, atMs }] }
    },
  }
}
