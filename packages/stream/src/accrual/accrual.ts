/** How a stream accrues: a fixed rate, or any schedule of the active time. */
export type Accrual = { msatPerSecond: bigint } | { accruedMsat: (activeMs: bigint) => bigint }

/**
 * msat owed after `activeMs` of streaming. Always computed from the total
 * active time, never by adding rounded increments: the remainder of one
 * interval carries into the next and nothing drifts.
 *
 * @example
 * accruedMsat({ msatPerSecond: 1_500n }, 2_500n) // 3750n
 */
export function accruedMsat(accrual: Accrual, activeMs: bigint): bigint {
  if (activeMs < 0n) throw new RangeError('activeMs must not be negative')
  if ('msatPerSecond' in accrual) return (accrual.msatPerSecond * activeMs) / 1000n
  return accrual.accruedMsat(activeMs)
}

/** What to send now: the accrued amount not yet sent, capped, if at least `minSendMsat`. */
export function dueMsat({
  accrued,
  sent,
  capMsat,
  minSendMsat,
}: {
  accrued: bigint
  sent: bigint
  capMsat?: bigint | undefined
  minSendMsat: bigint
}): bigint {
  const owed = (capMsat !== undefined && accrued > capMsat ? capMsat : accrued) - sent
  return owed >= minSendMsat ? owed : 0n
}
