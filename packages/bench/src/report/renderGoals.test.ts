import { describe, expect, it } from 'vitest'
import type { StreamsAtScaleResult } from '../scale/streamsAtScale.js'
import { summarize } from '../stats/summarize.js'
import { type FigureRow, RAW, SDK } from './figureTable.js'
import { goalsOf, renderGoals } from './renderGoals.js'

const row = (figure: string, raw: number, sdk: number, higherIsBetter = true): FigureRow => ({
  figure,
  unit: '',
  higherIsBetter,
  byContender: { [RAW]: summarize([raw]), [SDK]: summarize([sdk]) },
  sdkOverRaw: sdk / raw,
  sdkOverLightning: Number.NaN,
})

const streams = (paymentsPerSecond: number, stopSeconds: number): StreamsAtScaleResult => ({
  streams: 1000,
  seconds: 60,
  maxInFlight: 100,
  perSecond: 200,
  payments: Math.round(paymentsPerSecond * 60),
  paymentsPerSecond,
  stopSeconds,
  paymentsWithFinal: Math.round(paymentsPerSecond * 60) + 1000,
  sentMsat: '0',
  receivedMsat: '0',
  exactStreams: 1000,
  limiterPeakInFlight: 100,
  lndPeakPendingHtlcs: 60,
  capHeld: true,
  failedPayments: 0,
})

describe('goalsOf', () => {
  const rows = [
    row('getInfo/s ×1', 500, 480),
    row('getInfo/s ×128', 2000, 1800),
    row('keysend/s ×32', 100, 99),
    row('keysend/s ×128', 120, 118),
    row('hold lifecycle p50', 100, 105, false),
    row('CPU per 1,000 payInvoice (×8)', 1000, 1300, false),
    row('CPU per 1,000 keysend (×8)', 1000, 1210, false),
    row('heap per 1,000 payInvoice (×8)', 20, 30, false),
    row('heap per 1,000 keysend (×8)', 20, 31, false),
  ]

  it('holds each figure to its goal, at the bound included, and names the rates under it', () => {
    const goals = goalsOf(rows, streams(108, 10))
    expect(goals.map((g) => [g.goal, g.met])).toEqual([
      ['every throughput ≥ 0.95× raw REST', false],
      ['CPU per payInvoice ≤ 1.3×', true],
      ['CPU per keysend ≤ 1.2×', false],
      ['heap per payInvoice ≤ 1.5×', true],
      ['heap per keysend ≤ 1.5×', false],
      ['hold lifecycle p50 ≤ 1.1×', true],
      ['1,000 streams ≥ 90% of the keysend ceiling', true],
      ['stopping 1,000 streams ≤ 10 s', true],
    ])
    expect(goals[0]!.measured).toBe('3 of 4; under: getInfo/s ×128 0.90×')
    // The ceiling is raw REST's best keysend/s of the run: 108 of 120 is 90%.
    expect(goals[6]!.measured).toContain('108.0/s of 120.0/s')
  })

  it('fails the streams just under their goals', () => {
    const goals = goalsOf(rows, streams(107.9, 10.05))
    expect(goals.slice(-2).map((g) => g.met)).toEqual([false, false])
  })

  it('leaves out what the run did not measure', () => {
    expect(goalsOf([row('getInfo/s ×1', 500, 500)], undefined)).toEqual([
      { goal: 'every throughput ≥ 0.95× raw REST', measured: '1 of 1', met: true },
    ])
    expect(renderGoals([])).toEqual([])
  })
})
