const BPS = 10_000n

/** One source's rate as it was read. */
export interface SourceRate {
  name: string
  /** Minor units (cents for USD) per bitcoin. */
  minorPerBtc: bigint
  /** When the source says it was taken, ms since the epoch. */
  atMs: number
}

/** The rules a rate must pass to be trusted. */
export interface RateRules {
  /** A source's rate older than this is dropped. */
  maxStalenessMs: number
  /** A source further than this from the median of the fresh ones is dropped (basis points). */
  maxDeviationBps: bigint
  /** Fewer sources left than this and there is no rate. */
  minSources: number
}

export type AggregateResult =
  | { ok: true; minorPerBtc: bigint; atMs: number; sources: SourceRate[]; dropped: Dropped[] }
  | { ok: false; reason: string; dropped: Dropped[] }

/** A source left out, and why. */
export interface Dropped {
  name: string
  why: 'stale' | 'outlier'
}

/** The median, the lower-middle average rounded down for an even count. */
export function medianRate(rates: readonly bigint[]): bigint {
  if (rates.length === 0) throw new RangeError('no rates')
  const sorted = [...rates].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2n
}

/** True when `rate` is more than `maxDeviationBps` away from `reference`, compared exactly. */
export function isOutlier(rate: bigint, reference: bigint, maxDeviationBps: bigint): boolean {
  const diff = rate > reference ? rate - reference : reference - rate
  return diff * BPS > maxDeviationBps * reference
}

/**
 * The one rule for turning several sources into one rate, shared by the
 * loan desk and payments: stale rates dropped, then outliers (beyond
 * `maxDeviationBps` of the median of the fresh ones), then the median of what
 * is left, if at least `minSources` are. The rate's time is the oldest kept.
 */
export function aggregateRates(
  rates: readonly SourceRate[],
  rules: RateRules,
  nowMs: number,
  asked = rates.length,
): AggregateResult {
  const dropped: Dropped[] = []
  const fresh = rates.filter((rate) => {
    const stale = nowMs - rate.atMs > rules.maxStalenessMs
    if (stale) dropped.push({ name: rate.name, why: 'stale' })
    return !stale
  })
  if (fresh.length < rules.minSources) {
    return {
      ok: false,
      reason: `Only ${fresh.length} of ${asked} price sources answered in time (need ${rules.minSources}).`,
      dropped,
    }
  }
  const first = medianRate(fresh.map((r) => r.minorPerBtc))
  const kept = fresh.filter((rate) => {
    const out = isOutlier(rate.minorPerBtc, first, rules.maxDeviationBps)
    if (out) dropped.push({ name: rate.name, why: 'outlier' })
    return !out
  })
  if (kept.length < rules.minSources) {
    return {
      ok: false,
      reason: `The price sources disagree: ${kept.length} agree within ${rules.maxDeviationBps} bps (need ${rules.minSources}).`,
      dropped,
    }
  }
  return {
    ok: true,
    minorPerBtc: medianRate(kept.map((r) => r.minorPerBtc)),
    atMs: Math.min(...kept.map((r) => r.atMs)),
    sources: kept,
    dropped,
  }
}
