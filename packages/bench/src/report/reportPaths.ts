import type { ReportPaths } from './writeReport.js'

export interface ReportTarget {
  paths: ReportPaths
  /** Why docs/performance.md is not written by a full run, when it is not. */
  refused: string | undefined
}

/**
 * Where a run's results go. A full run on a quiet machine writes
 * docs/performance.md and its chart; a full run with the 1-minute load above
 * the core count when it started writes `performance-loaded.md` under the
 * results instead (figures taken while something else ran measure that
 * other thing too), and says so; a `--quick` run writes `performance-quick.md`.
 */
export function reportPaths(options: {
  root: URL
  startedAt: string
  quick: boolean
  /** `uptime`'s 1-minute load average when the run started. */
  load: number
  cores: number
}): ReportTarget {
  const { root, quick, load, cores } = options
  const stamp = options.startedAt.replaceAll(':', '-').slice(0, 19)
  const results = new URL('packages/bench/results/', root)
  const loaded = !quick && load > cores
  const suffix = quick ? '-quick' : loaded ? '-loaded' : ''
  const aside = (name: string) => new URL(name, results).pathname
  return {
    paths: {
      json: aside(`bench-${stamp}${suffix}.json`),
      latest: aside(`latest${suffix}.json`),
      markdown:
        quick || loaded
          ? aside(`performance${suffix}.md`)
          : new URL('docs/performance.md', root).pathname,
      chart:
        quick || loaded
          ? aside(`payments${suffix}.svg`)
          : new URL('docs/performance/payments.svg', root).pathname,
      chartLink: quick || loaded ? `payments${suffix}.svg` : 'performance/payments.svg',
    },
    refused: loaded
      ? `the 1-minute load was ${load} at the start, above the ${cores} cores: docs/performance.md is left as it is`
      : undefined,
  }
}
