// Writes the chart and the generated section of docs/performance.md again
// from a run's JSON, without measuring anything:
//   node --conditions=source --import tsx packages/bench/scripts/report.ts [results.json]
import { readFile } from 'node:fs/promises'
import type { BenchResults } from '../src/report/BenchResults.js'
import { writeReport } from '../src/report/writeReport.js'

const root = new URL('../../../', import.meta.url)
const file = process.argv[2] ?? new URL('packages/bench/results/latest.json', root).pathname
// The JSON keeps bigints (the loan book's prices in cents) as strings.
const results = JSON.parse(await readFile(file, 'utf8'), (key, value: unknown) =>
  key.endsWith('Cents') && typeof value === 'string' ? BigInt(value) : value,
) as BenchResults
await writeReport(results, {
  json: new URL('packages/bench/results/latest.json', root).pathname,
  latest: new URL('packages/bench/results/latest.json', root).pathname,
  markdown: new URL('docs/performance.md', root).pathname,
  chart: new URL('docs/performance/payments.svg', root).pathname,
  chartLink: 'performance/payments.svg',
})
