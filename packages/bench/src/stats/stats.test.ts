import { describe, expect, it } from 'vitest'
import { median } from './median.js'
import { percentile } from './percentile.js'
import { spread } from './spread.js'
import { summarize } from './summarize.js'

describe('statistics of the benchmark', () => {
  it('median of odd and even counts, in any order', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([7])).toBe(7)
    expect(median([])).toBeNaN()
  })
  it('percentiles interpolate between ranks', () => {
    const values = Array.from({ length: 101 }, (_, i) => 100 - i)
    expect(percentile(values, 0)).toBe(0)
    expect(percentile(values, 50)).toBe(50)
    expect(percentile(values, 99)).toBe(99)
    expect(percentile(values, 100)).toBe(100)
    expect(percentile([10, 20], 25)).toBe(12.5)
    expect(() => percentile([1], 101)).toThrow(RangeError)
  })
  it('spread is min, max and their distance relative to the median', () => {
    expect(spread([90, 100, 110])).toEqual({ min: 90, max: 110, relative: 0.2 })
    expect(spread([0, 0])).toEqual({ min: 0, max: 0, relative: 0 })
    expect(spread([]).relative).toBeNaN()
  })
  it('summarize keeps the rounds as measured', () => {
    const summary = summarize([3, 1, 2])
    expect(summary.median).toBe(2)
    expect(summary.rounds).toEqual([3, 1, 2])
  })
})
