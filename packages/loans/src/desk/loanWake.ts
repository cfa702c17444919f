import type { LoanRecord } from '../loan/LoanRecord.js'
import { ltvAtLeast } from '../money/ltv.js'
import { lockDeadline, positionAt } from './decideLoan.js'
import { hasPendingWork } from './pendingWork.js'

/** The highest price a wake key can hold (US cents per BTC): an INTEGER column holds it. */
export const MAX_WAKE_CENTS = 2n ** 63n - 1n

/**
 * The version of the rules `loanWake` follows: a store that keeps the keys
 * computes them again for records keyed under another version.
 */
export const WAKE_RULES_VERSION = 2

/** A time key that is due at once (the loan clock is ms since the epoch). */
export const WAKE_AT_ONCE_MS = Number.MIN_SAFE_INTEGER

/**
 * When an ACTIVE loan needs the desk again, from its stored record: the keys of
 * the desk's wake index (`LoanStore.listWaking`). A loan wakes at a price, a
 * time and a height when any key says so:
 * - `belowCents`: price ≤ `belowCents` (the highest price at which the LTV
 *   reaches the liquidation trigger, or the margin call when none stands);
 * - `aboveCents`: price > `aboveCents` (a margin call stands: above it, it clears);
 * - `atMs`: time ≥ `atMs` (the next interest due, the grace deadline of the
 *   oldest unpaid due, maturity, and for a `sat` loan the time its arrears
 *   bring its LTV to a trigger);
 * - `atHeight`: height ≥ `atHeight` (a rollover is due, or the held locks'
 *   safe deadline while one is on its way).
 * A key left out never wakes the loan; `sat` loans have no price key.
 *
 * The invariant: at any price (or none), time from the record's last accrual
 * on and height, a loan whose keys do not wake it is one on which
 * `decideLoan` decides nothing. The price keys are taken with the arrears at
 * the extreme the loan can reach before `atMs` (most for a trigger, least for
 * the clearing): exact on the record's own arrears and conservative (an early
 * wake, on which nothing is decided) by at most the interest until `atMs`;
 * from `atMs` on, the time key wakes the loan at every look until it is
 * written again. A loan that paid ahead of a due (no due falls at it) is
 * woken from that interval's end until its next write.
 *
 * A record the rules cannot value (they throw) wakes at once: the desk's
 * look at it reports why. So does a loan, in any state, with work pending
 * on lnd (`hasPendingWork`: an open lock or invoice, an unfinished rollover
 * or release), so that on a book with several workers another takes it up
 * when the one that started it dies.
 *
 * @example
 * const { belowCents } = loanWake(loan) // a price at or below it: margin call
 */
export function loanWake(loan: LoanRecord): LoanWake {
  // Work a worker may have left (a watcher, a rollover, a release): every
  // tick looks until it is done (version 2 of the rules).
  const pending = hasPendingWork(loan)
  if (loan.state !== 'ACTIVE') return pending ? { atMs: WAKE_AT_ONCE_MS } : {}
  try {
    const wake = activeLoanWake(loan)
    return pending ? { ...wake, atMs: WAKE_AT_ONCE_MS } : wake
  } catch {
    return { atMs: WAKE_AT_ONCE_MS }
  }
}

function activeLoanWake(loan: LoanRecord): LoanWake {
  const wake: LoanWake = {}
  const { deadline, rolling } = lockDeadline(loan)
  if (deadline !== undefined) {
    wake.atHeight = rolling
      ? deadline
      : Math.min(deadline, deadline - loan.agreement.lock.rolloverLeadBlocks)
  }
  const { agreement, interest, disbursedAtMs } = loan
  const times: number[] = []
  if (disbursedAtMs !== undefined) {
    // The end of the interval the ledger is in: a due falls there (`accrueLedger`).
    const intervalMs = agreement.interestIntervalSeconds * 1_000
    const t = interest.accruedToMs
    times.push(disbursedAtMs + (Math.floor((t - disbursedAtMs) / intervalMs) + 1) * intervalMs)
  }
  const oldestDue = interest.dues[0]
  if (oldestDue) times.push(oldestDue.atMs + agreement.gracePeriodSeconds * 1_000)
  if (loan.maturesAtMs !== undefined) times.push(loan.maturesAtMs)
  const next = times.length > 0 ? Math.min(...times) : undefined
  // Until `next` the arrears grow at most to what they are then; before the
  // ledger's last point they do not grow.
  const most = next ?? interest.accruedToMs
  const least = interest.accruedToMs
  const trigger = loan.marginCall
    ? agreement.liquidationLtvBps
    : minBigint(agreement.marginCallLtvBps, agreement.liquidationLtvBps)
  const reaches = (nowMs: number, centsPerBtc: bigint, thresholdBps: bigint) =>
    ltvAtLeast(positionAt(loan, nowMs, centsPerBtc).position, thresholdBps)

  if (agreement.currency === 'sat') {
    // No price: the LTV moves only with the arrears, i.e. with time.
    const atOnce =
      reaches(least, 1n, trigger) ||
      (loan.marginCall !== undefined && !reaches(least, 1n, agreement.marginCallLtvBps))
    if (atOnce) times.push(WAKE_AT_ONCE_MS)
    else if (next !== undefined && reaches(next, 1n, trigger)) {
      times.push(firstTrue(least + 1, next, (t) => reaches(t, 1n, trigger)))
    }
  } else {
    const below = lastTrue((p) => reaches(most, p, trigger), guessCents(loan, most, trigger))
    if (below !== undefined) wake.belowCents = below
    if (loan.marginCall) {
      const clear = lastTrue(
        (p) => reaches(least, p, agreement.marginCallLtvBps),
        guessCents(loan, least, agreement.marginCallLtvBps),
      )
      // Cleared above `clear`; at no price (with no collateral) it never clears.
      if (clear !== MAX_WAKE_CENTS) wake.aboveCents = clear ?? 0n
    }
  }
  if (times.length > 0) wake.atMs = Math.min(...times)
  return wake
}

/** The keys of a loan in the desk's wake index (see `loanWake`). */
export interface LoanWake {
  /** Wakes at a price at or below it (US cents per BTC). */
  belowCents?: bigint
  /** Wakes at a price above it (US cents per BTC). */
  aboveCents?: bigint
  /** Wakes from this time on (ms, loan clock). */
  atMs?: number
  /** Wakes from this block height on. */
  atHeight?: number
}

/** Whether a loan with these keys wakes at a price (or none), a time and a height. */
export function wakes(
  wake: LoanWake,
  at: { centsPerBtc?: bigint | undefined; nowMs: number; height: number },
): boolean {
  const { centsPerBtc: price, nowMs, height } = at
  return (
    (wake.atMs !== undefined && wake.atMs <= nowMs) ||
    (wake.atHeight !== undefined && wake.atHeight <= height) ||
    (price !== undefined && wake.belowCents !== undefined && wake.belowCents >= price) ||
    (price !== undefined && wake.aboveCents !== undefined && wake.aboveCents < price)
  )
}

const minBigint = (a: bigint, b: bigint) => (a < b ? a : b)

/**
 * Where the LTV would reach `thresholdBps` if the arrears' value did not move
 * with the price: `(debt + arrears) ≥ threshold × collateral` solved for the
 * price. Only where the search starts: `lastTrue` finds the exact point.
 */
function guessCents(loan: LoanRecord, nowMs: number, thresholdBps: bigint): bigint {
  const reference = loan.agreement.centsPerBtc > 0n ? loan.agreement.centsPerBtc : 1n
  const { position } = positionAt(loan, nowMs, reference)
  // debt × BPS ≥ threshold × collateral, scaled by the price P:
  // (principal × 10^11 + arrears × P) × 10^4 ≥ threshold × sat × 1000 × P
  const principal = position.principal * 100_000_000_000n
  const slope = thresholdBps * position.collateralSat * 1_000n - position.arrearsMsat * 10_000n
  return slope <= 0n ? MAX_WAKE_CENTS : (principal * 10_000n) / slope
}

/**
 * The highest price in [1, MAX_WAKE_CENTS] at which `holds` (true up to a
 * point and false above it, as the LTV falls when the price rises), or
 * `undefined` when it holds at none. It gallops out from `guess`, then
 * halves: a few calls near a good guess, 2 × 63 at worst.
 */
export function lastTrue(holds: (price: bigint) => boolean, guess: bigint): bigint | undefined {
  if (!holds(1n)) return undefined
  if (holds(MAX_WAKE_CENTS)) return MAX_WAKE_CENTS
  // holds(lo) and not holds(hi)
  let lo = 1n
  let hi = MAX_WAKE_CENTS
  const start = guess < lo ? lo : guess > hi ? hi : guess
  let step = 1n
  if (holds(start)) {
    lo = start
    while (lo + step < hi && holds(lo + step)) {
      lo += step
      step *= 2n
    }
    if (lo + step < hi) hi = lo + step
  } else {
    hi = start
    while (hi - step > lo && !holds(hi - step)) {
      hi -= step
      step *= 2n
    }
    if (hi - step > lo) lo = hi - step
  }
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n
    if (holds(mid)) lo = mid
    else hi = mid
  }
  return lo
}

/** The first whole `t` in [from, to] at which `holds` (false before a point, true from it on); `holds(to)` is true. */
export function firstTrue(from: number, to: number, holds: (t: number) => boolean): number {
  let lo = from - 1 // not known to hold
  let hi = to // holds
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (holds(mid)) hi = mid
    else lo = mid
  }
  return hi
}
