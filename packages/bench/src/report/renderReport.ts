import { median } from '../stats/median.js'
import type { Summary } from '../stats/summarize.js'
import type { BenchResults } from './BenchResults.js'
import { figureTable, LIGHTNING, LNC, RAW, SDK } from './figureTable.js'
import { markdownTable } from './markdownTable.js'
import { goalsOf, renderGoals } from './renderGoals.js'
import { renderLoanBook } from './renderLoanBook.js'

const fmt = (v: number) =>
  !Number.isFinite(v) ? '–' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)
const cell = (s: Summary | undefined) =>
  s ? `${fmt(s.median)} <sub>${fmt(s.spread.min)}–${fmt(s.spread.max)}</sub>` : '–'
const ratio = (r: number, higherIsBetter: boolean) => {
  if (!Number.isFinite(r)) return '–'
  const text = `${r.toFixed(2)}×`
  const below = higherIsBetter ? r < 0.95 : r > 1 / 0.95
  return below ? `**${text}**` : text
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/**
 * The generated part of docs/performance.md: the run, the machine, the
 * side-by-side table with the SDK's ratios, streams, the goals, loans, start-up.
 */
export function renderReport(results: BenchResults, chartPath: string): string {
  const { machine } = results
  const lines: string[] = []
  lines.push(
    `Run of ${results.startedAt}: \`${results.command}\` (${Object.entries(results.settings)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}).`,
    '',
    `Load (\`uptime\`, 1/5/15 min) before: ${results.loadBefore.join(', ')}; after: ${results.loadAfter.join(', ')}.`,
    '',
    ...markdownTable(
      ['machine', ''],
      ['left', 'left'],
      [
        ['CPUs (`nproc`)', `${machine.cpus} × ${machine.cpuModel}`],
        ['memory', `${machine.memoryGiB} GiB`],
        ['Node', machine.node],
        ['Go', machine.go],
        ['lnd', machine.lnd],
        ['btcd', machine.btcd],
        ['lightning (npm)', machine.lightningPackage],
      ],
    ),
    '',
    '### Side by side',
    '',
    'Median of the rounds, with the lowest and highest round below it. Ratios are of the medians;',
    'in **bold**, the SDK below 0.95× (rates) or above 1/0.95× (latency, CPU, heap).',
    '',
  )
  // The SDK over LNC, when the run had it: its column and its ratio to the SDK over LND REST.
  const lnc = results.sideBySide.contenders.includes(LNC)
  const columns = ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right']
  const headers = ['figure', RAW, SDK, LIGHTNING, ...(lnc ? [LNC] : [])]
  const ratios = ['SDK / raw REST', 'SDK / lightning', ...(lnc ? ['LNC / LND REST'] : [])]
  const rows = figureTable(results.sideBySide)
  lines.push(
    ...markdownTable(
      [...headers, ...ratios],
      columns.slice(0, headers.length + ratios.length) as ('left' | 'right')[],
      rows.map((row) => [
        `${row.figure} (${row.unit})`,
        cell(row.byContender[RAW]),
        cell(row.byContender[SDK]),
        cell(row.byContender[LIGHTNING]),
        ...(lnc ? [cell(row.byContender[LNC])] : []),
        ratio(row.sdkOverRaw, row.higherIsBetter),
        ratio(row.sdkOverLightning, row.higherIsBetter),
        ...(lnc
          ? [
              `${((row.byContender[LNC]?.median ?? Number.NaN) / (row.byContender[SDK]?.median ?? Number.NaN)).toFixed(2)}×`,
            ]
          : []),
      ]),
    ),
  )
  lines.push('', ...failureLines(results))
  lines.push(...loadLine('side-by-side runs', results.loadAfterPart?.sideBySide))
  lines.push(`![payments/s by payments in flight, per contender](${chartPath})`, '')

  const s = results.streams
  if (s) {
    lines.push(
      '### 1,000 streams',
      '',
      ...markdownTable(
        [
          'streams',
          'seconds',
          'payments',
          'payments/s',
          'stop (final sends)',
          'limiter cap (in flight, per s)',
          'peak in flight (limiter / lnd HTLCs)',
          'exact to the msat',
          'sent msat',
          'received msat',
          'failed sends',
        ],
        Array(11).fill('right'),
        [
          [
            String(s.streams),
            s.seconds.toFixed(1),
            String(s.payments),
            s.paymentsPerSecond.toFixed(1),
            `${s.stopSeconds.toFixed(1)} s, ${s.paymentsWithFinal - s.payments} payments`,
            `${s.maxInFlight}, ${s.perSecond}`,
            `${s.limiterPeakInFlight} / ${s.lndPeakPendingHtlcs}${s.capHeld ? '' : ' **over the cap**'}`,
            `${s.exactStreams} of ${s.streams}`,
            s.sentMsat,
            s.receivedMsat,
            String(s.failedPayments),
          ],
        ],
      ),
      '',
      ...loadLine('streams', results.loadAfterPart?.streams),
    )
  }
  lines.push(...renderGoals(goalsOf(rows, s)))
  lines.push(...renderLoanBook(results.loanBook ?? []))
  if (results.heapBytesPerIdleStream !== undefined)
    lines.push(
      `Heap per idle stream (created, started, paused): ${(results.heapBytesPerIdleStream / 1024).toFixed(1)} KiB.`,
      '',
    )
  const { startup } = results
  lines.push(
    '### Start-up of a 3-node network (alice, bob, carol)',
    '',
    ...markdownTable(
      ['', 'time'],
      ['left', 'right'],
      [
        ['binaries check (cached lnd and btcd found, nothing built)', seconds(startup.binariesMs)],
        [
          'cold: `startNetwork()` in fresh directories (btcd, 3 wallets, 501 blocks, funding, 2 channels usable)',
          `${seconds(median(startup.coldMs))}${startup.coldMs.length > 1 ? ` <sub>${startup.coldMs.map(seconds).join(', ')}</sub>` : ''}`,
        ],
        [
          'warm: the 3 lnd stopped, then started again on their data until synced with channels active',
          `${seconds(median(startup.warmMs))}${startup.warmMs.length > 1 ? ` <sub>${startup.warmMs.map(seconds).join(', ')}</sub>` : ''}`,
        ],
        ...(startup.lnc
          ? [
              [
                'LNC binaries check (cached mailbox, node side and wasm client found)',
                seconds(startup.lnc.binariesMs),
              ],
              [
                'LNC: a session, pairing through the mailbox and the first getInfo, per backend',
                `${seconds(median(startup.lnc.pairMs))} <sub>${startup.lnc.pairMs.map(seconds).join(', ')}</sub>`,
              ],
            ]
          : []),
      ],
    ),
    '',
    ...loadLine('run', results.loadAfter),
  )
  return lines.join('\n')
}

/** The load as a part ended, under its table (none for a run that did not record it). */
function loadLine(part: string, load: readonly number[] | undefined): string[] {
  return load && load.length > 0
    ? [`Load (\`uptime\`, 1/5/15 min) at the end of the ${part}: ${load.join(', ')}.`, '']
    : []
}

/** The calls and hold lifecycles that failed, by contender: stalls show here, not only in p99. */
function failureLines(results: BenchResults): string[] {
  const side = results.sideBySide
  const lines: string[] = []
  for (const contender of side.contenders) {
    const runs: string[] = []
    for (const [figure, byConcurrency] of Object.entries(side.throughput[contender] ?? {}))
      for (const [n, rounds] of Object.entries(byConcurrency))
        rounds.forEach((r, round) => {
          if (r.errors > 0)
            runs.push(
              `${figure} ×${n} round ${round + 1}: ${r.errors} failed (${(r.firstError ?? '').split('\n')[0]})`,
            )
        })
    const holds = side.holdFailures?.[contender] ?? 0
    if (holds > 0) runs.push(`${holds} hold lifecycles failed`)
    const dropped = side.dropped?.[contender]
    if (dropped) runs.push(`stalled for good at ${dropped}, and left out of the runs after it`)
    if (runs.length > 0) lines.push(`Failures of ${contender}: ${runs.join('; ')}.`, '')
  }
  return lines
}
