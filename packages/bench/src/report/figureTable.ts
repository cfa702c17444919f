import { concurrencies, figures } from '../measure/figures.js'
import type { SideBySideResults } from '../measure/sideBySide.js'
import { median } from '../stats/median.js'
import { percentile } from '../stats/percentile.js'
import { type Summary, summarize } from '../stats/summarize.js'

/** One row of the report: a figure, each contender's summary, the SDK's ratios. */
export interface FigureRow {
  figure: string
  unit: string
  /** True when more is better (rates); false for latencies and costs. */
  higherIsBetter: boolean
  byContender: Record<string, Summary>
  /** SDK / raw REST and SDK / lightning, of the medians. */
  sdkOverRaw: number
  sdkOverLightning: number
}

export const RAW = 'raw REST'
export const SDK = 'SDK (LND REST)'
export const LIGHTNING = 'lightning (gRPC)'
export const LNC = 'SDK (LNC)'

/** The report's rows, from the rounds of a side-by-side run. */
export function figureTable(results: SideBySideResults): FigureRow[] {
  const rows: FigureRow[] = []
  const row = (
    figure: string,
    unit: string,
    higherIsBetter: boolean,
    valuesOf: (contender: string) => number[],
  ) => {
    const byContender = Object.fromEntries(
      results.contenders.map((c) => [c, summarize(valuesOf(c))]),
    )
    const m = (c: string) => byContender[c]?.median ?? Number.NaN
    rows.push({
      figure,
      unit,
      higherIsBetter,
      byContender,
      sdkOverRaw: m(SDK) / m(RAW),
      sdkOverLightning: m(SDK) / m(LIGHTNING),
    })
  }
  for (const figure of figures)
    for (const n of concurrencies)
      row(`${figure}/s ×${n}`, 'calls/s', true, (c) =>
        (results.throughput[c]?.[figure][n] ?? []).map((r) => r.perSecond),
      )
  const holds = (c: string) => results.hold[c] ?? []
  const byRound = (c: string, p: number) => {
    const all = holds(c)
    const perRound = Math.max(1, Math.round(all.length / roundsOf(results)))
    const values: number[] = []
    for (let i = 0; i < all.length; i += perRound)
      values.push(
        percentile(
          all.slice(i, i + perRound).map((h) => h.totalMs),
          p,
        ),
      )
    return values
  }
  row('hold lifecycle p50', 'ms', false, (c) => byRound(c, 50))
  row('hold lifecycle p99', 'ms', false, (c) => byRound(c, 99))
  for (const figure of figures)
    row(`${figure} p99 latency (×8)`, 'ms', false, (c) =>
      (results.throughput[c]?.[figure][8] ?? []).map((r) => r.p99Ms ?? Number.NaN),
    )
  for (const figure of figures) {
    row(`CPU per 1,000 ${figure} (×8)`, 'ms', false, (c) =>
      (results.throughput[c]?.[figure][8] ?? []).map((r) => r.cpuMsPer1000),
    )
    row(`heap per 1,000 ${figure} (×8)`, 'MiB', false, (c) =>
      (results.throughput[c]?.[figure][8] ?? []).map((r) => r.heapKiBPer1000 / 1024),
    )
  }
  return rows
}

function roundsOf(results: SideBySideResults): number {
  const first = results.contenders[0]
  const runs = first ? results.throughput[first]?.getInfo[1]?.length : undefined
  return runs ?? 1
}

/** The median of a contender's payments/s at each concurrency, for the chart. */
export function paymentsByConcurrency(
  results: SideBySideResults,
  figure: 'payInvoice' | 'keysend',
): Record<string, number[]> {
  return Object.fromEntries(
    results.contenders.map((c) => [
      c,
      concurrencies.map((n) =>
        median((results.throughput[c]?.[figure][n] ?? []).map((r) => r.perSecond)),
      ),
    ]),
  )
}
