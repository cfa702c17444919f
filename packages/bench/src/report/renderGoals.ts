import type { StreamsAtScaleResult } from '../scale/streamsAtScale.js'
import { type FigureRow, RAW } from './figureTable.js'
import { markdownTable } from './markdownTable.js'

/** One goal of the run: what it asks, what the run measured, whether that meets it. */
export interface Goal {
  goal: string
  measured: string
  met: boolean
}

const times = (r: number) => `${r.toFixed(2)}×`

/**
 * The SDK's goals against raw REST, each with the run's own figure: every
 * throughput at ≥ 0.95×, CPU per payInvoice ≤ 1.3× and per keysend ≤ 1.2×,
 * heap per payment ≤ 1.5×, hold lifecycle p50 ≤ 1.1×, and 1,000 streams at
 * ≥ 90% of the keysend ceiling (raw REST's best keysend/s of the run) that
 * stop within 10 s.
 */
export function goalsOf(
  rows: readonly FigureRow[],
  streams: StreamsAtScaleResult | undefined,
): Goal[] {
  const goals: Goal[] = []
  const byName = new Map(rows.map((row) => [row.figure, row]))
  const ratioGoal = (goal: string, figure: string, most: number) => {
    const r = byName.get(figure)?.sdkOverRaw
    if (r !== undefined && Number.isFinite(r))
      goals.push({ goal, measured: times(r), met: r <= most })
  }
  const rates = rows.filter(
    (row) => /\/s ×\d+$/.test(row.figure) && Number.isFinite(row.sdkOverRaw),
  )
  if (rates.length > 0) {
    const under = rates.filter((row) => row.sdkOverRaw < 0.95)
    goals.push({
      goal: 'every throughput ≥ 0.95× raw REST',
      measured: `${rates.length - under.length} of ${rates.length}${
        under.length > 0
          ? `; under: ${under.map((row) => `${row.figure} ${times(row.sdkOverRaw)}`).join(', ')}`
          : ''
      }`,
      met: under.length === 0,
    })
  }
  ratioGoal('CPU per payInvoice ≤ 1.3×', 'CPU per 1,000 payInvoice (×8)', 1.3)
  ratioGoal('CPU per keysend ≤ 1.2×', 'CPU per 1,000 keysend (×8)', 1.2)
  ratioGoal('heap per payInvoice ≤ 1.5×', 'heap per 1,000 payInvoice (×8)', 1.5)
  ratioGoal('heap per keysend ≤ 1.5×', 'heap per 1,000 keysend (×8)', 1.5)
  ratioGoal('hold lifecycle p50 ≤ 1.1×', 'hold lifecycle p50', 1.1)
  const ceiling = Math.max(
    ...rows
      .filter((row) => /^keysend\/s ×\d+$/.test(row.figure))
      .map((row) => row.byContender[RAW]?.median ?? Number.NaN)
      .filter(Number.isFinite),
  )
  if (streams && Number.isFinite(ceiling)) {
    const share = streams.paymentsPerSecond / ceiling
    goals.push({
      goal: `${streams.streams.toLocaleString('en')} streams ≥ 90% of the keysend ceiling`,
      measured: `${streams.paymentsPerSecond.toFixed(1)}/s of ${ceiling.toFixed(1)}/s (raw REST's best keysend/s): ${(share * 100).toFixed(0)}%`,
      met: share >= 0.9,
    })
  }
  if (streams)
    goals.push({
      goal: `stopping ${streams.streams.toLocaleString('en')} streams ≤ 10 s`,
      measured: `${streams.stopSeconds.toFixed(1)} s (${streams.paymentsWithFinal - streams.payments} final payments)`,
      met: streams.stopSeconds <= 10,
    })
  return goals
}

/** The goals as a table, for the report. */
export function renderGoals(goals: readonly Goal[]): string[] {
  if (goals.length === 0) return []
  return [
    '### Goals',
    '',
    ...markdownTable(
      ['goal (SDK over LND REST / raw REST)', 'this run', 'met'],
      ['left', 'left', 'left'],
      goals.map((g) => [g.goal, g.measured, g.met ? 'yes' : '**no**']),
    ),
    '',
  ]
}
