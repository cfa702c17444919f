import { assertAmount, InvalidAmountError } from '@btcfi/core'

/**
 * Asserts a bigint from `min` to `max` (inclusive; no upper bound when `max`
 * is undefined). Amounts and rates are not secrets: messages show them.
 *
 * @example
 * assertAmountIn(ltvBps, 'ltvBps', 1n, 10_000n)
 */
export function assertAmountIn(
  value: unknown,
  name: string,
  min: bigint,
  max?: bigint,
): asserts value is bigint {
  assertAmount(value, name, { min })
  if (max !== undefined && value > max) {
    throw new InvalidAmountError(`${name} must be at most ${max}, got ${value}.`)
  }
}
