import { getHeapStatistics } from 'node:v8'
import { percentile } from '../stats/percentile.js'
import { withDeadline } from './withDeadline.js'

/** How long past a run's time its last calls may take before they count as stalled and failed. */
const CALL_DEADLINE_MS = 60_000

export interface ThroughputOptions {
  /** Calls kept in flight. */
  concurrency: number
  /** How long new calls are started; the run ends when the last one returns. */
  durationMs: number
  /** The most calls to make (e.g. the invoices prepared for them). Default unbounded. */
  maxCalls?: number
}

export interface ThroughputResult {
  calls: number
  errors: number
  /** The first error's message, for the report. */
  firstError: string | undefined
  seconds: number
  perSecond: number
  /** Client CPU (user + system) per 1,000 calls, in ms. */
  cpuMsPer1000: number
  /** Client heap allocated per 1,000 calls, in KiB (growth of the used heap summed between GCs). */
  heapKiBPer1000: number
  /** The 99th percentile of one call's time, start to end, in ms: where stalls show. */
  p99Ms: number
  /** Calls were still waiting CALL_DEADLINE_MS after the run's time: given up as failed. */
  stalled: boolean
}

/**
 * Keeps `concurrency` calls of `call(i)` in flight for `durationMs`; counts the
 * calls that succeeded per second of wall time, and the client's CPU and heap
 * per call. The heap is read after each call: allocations between two reads
 * add up, a GC in between (the heap shrinking) is skipped.
 */
export async function throughput(
  call: (index: number) => Promise<void>,
  options: ThroughputOptions,
): Promise<ThroughputResult> {
  const { concurrency, durationMs } = options
  const maxCalls = options.maxCalls ?? Number.POSITIVE_INFINITY
  let next = 0
  let calls = 0
  let errors = 0
  let firstError: string | undefined
  let allocated = 0
  const latencies: number[] = []
  let lastHeap = getHeapStatistics().used_heap_size
  const readHeap = () => {
    const heap = getHeapStatistics().used_heap_size
    if (heap > lastHeap) allocated += heap - lastHeap
    lastHeap = heap
  }
  const cpuStart = process.cpuUsage()
  const started = performance.now()
  const deadline = started + durationMs
  const worker = async () => {
    while (performance.now() < deadline && next < maxCalls) {
      const index = next++
      const callStarted = performance.now()
      try {
        await call(index)
        calls++
        latencies.push(performance.now() - callStarted)
      } catch (error) {
        errors++
        firstError ??= error instanceof Error ? error.message : String(error)
      }
      readHeap()
    }
  }
  // Calls that stall for good (a stream that never ends) are given up on
  // CALL_DEADLINE_MS after the run's time, as failures; one timer for the
  // run, none per call, so that the figures carry no cost of the harness.
  let finished = 0
  let stalled = false
  const workers = Array.from({ length: concurrency }, () =>
    worker().then(() => {
      finished++
    }),
  )
  await withDeadline(Promise.all(workers), durationMs + CALL_DEADLINE_MS, 'the run').catch(
    (error: unknown) => {
      stalled = true
      errors += concurrency - finished
      firstError ??= (error as Error).message
    },
  )
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuStart)
  const per1000 = calls === 0 ? Number.NaN : 1000 / calls
  return {
    calls,
    errors,
    firstError,
    seconds,
    perSecond: calls / seconds,
    cpuMsPer1000: ((cpu.user + cpu.system) / 1000) * per1000,
    heapKiBPer1000: (allocated / 1024) * per1000,
    p99Ms: percentile(latencies, 99),
    stalled,
  }
}
