import { describe, expect, it } from 'vitest'
import { reportPaths } from './reportPaths.js'

const root = new URL('file:///repo/')
const startedAt = '2026-12-07T12:00:00.000Z'

describe('reportPaths', () => {
  it('writes docs/performance.md from a full run on a quiet machine', () => {
    const { paths, refused } = reportPaths({ root, startedAt, quick: false, load: 1.9, cores: 2 })
    expect(paths.markdown).toBe('/repo/docs/performance.md')
    expect(paths.chart).toBe('/repo/docs/performance/payments.svg')
    expect(paths.json).toBe('/repo/packages/bench/results/bench-2026-12-07T12-00-00.json')
    expect(refused).toBeUndefined()
  })

  it('refuses docs/performance.md when the load is above the cores, and keeps the results aside', () => {
    const { paths, refused } = reportPaths({ root, startedAt, quick: false, load: 2.01, cores: 2 })
    expect(paths.markdown).toBe('/repo/packages/bench/results/performance-loaded.md')
    expect(paths.chart).toBe('/repo/packages/bench/results/payments-loaded.svg')
    expect(paths.latest).toBe('/repo/packages/bench/results/latest-loaded.json')
    expect(refused).toContain('2.01')
  })

  it('never writes the docs from a quick run, loaded or not', () => {
    for (const load of [0.1, 9]) {
      const { paths, refused } = reportPaths({ root, startedAt, quick: true, load, cores: 2 })
      expect(paths.markdown).toBe('/repo/packages/bench/results/performance-quick.md')
      expect(refused).toBeUndefined()
    }
  })
})
