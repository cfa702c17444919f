import type { Contender } from '../contenders/Contender.js'
import { concurrencies, type Figure, figures, PAYMENT_MSAT } from './figures.js'
import { type HoldLifecycle, holdLifecycle } from './holdLifecycle.js'
import { type ThroughputResult, throughput } from './throughput.js'
import { withDeadline } from './withDeadline.js'

export interface SideBySideOptions {
  rounds: number
  /** How long each throughput run starts new calls, by figure. */
  durationMs: Record<Figure, number>
  /** Hold-invoice lifecycles per contender per round. */
  holdLifecycles: number
  log: (line: string) => void
}

/** Every run's result, by contender name, figure and calls in flight: one entry per round. */
export interface SideBySideResults {
  contenders: string[]
  throughput: Record<string, Record<Figure, Record<number, ThroughputResult[]>>>
  hold: Record<string, HoldLifecycle[]>
  /** Hold lifecycles that failed (a stall past HOLD_DEADLINE_MS, an error), by contender. */
  holdFailures: Record<string, number>
  /** Contenders whose calls stalled for good, and the run where they did: left out from there. */
  dropped: Record<string, string>
}

/** A hold lifecycle takes about 0.1 s; one past this has stalled. */
const HOLD_DEADLINE_MS = 30_000

/** An upper bound of payments one run can make, for the invoices prepared before it. */
const PAYMENTS_PER_SECOND_BOUND = 250

/**
 * Runs every figure at every concurrency for each contender, alternating the
 * contenders run by run, on the same nodes; round `r` starts with the `r`-th
 * contender so that none always runs first (on a warmer or a fuller node).
 * Invoices to pay are made beforehand, untimed, by the first contender.
 */
export async function sideBySide(
  contenders: readonly Contender[],
  options: SideBySideOptions,
): Promise<SideBySideResults> {
  const { log } = options
  const reference = contenders[0]!
  const results: SideBySideResults = {
    contenders: contenders.map((c) => c.name),
    throughput: {},
    hold: {},
    holdFailures: {},
    dropped: {},
  }
  for (const c of contenders) {
    results.hold[c.name] = []
    results.throughput[c.name] = Object.fromEntries(
      figures.map((f) => [f, Object.fromEntries(concurrencies.map((n) => [n, []]))]),
    ) as unknown as Record<Figure, Record<number, ThroughputResult[]>>
  }
  log('warming up every contender (connections, JIT)')
  for (const c of contenders) await warmUp(c, reference)

  for (let round = 0; round < options.rounds; round++) {
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]!)
    for (const figure of figures) {
      for (const concurrency of concurrencies) {
        for (const c of order) {
          if (results.dropped[c.name] !== undefined) continue
          const durationMs = options.durationMs[figure]
          let call: (i: number) => Promise<void>
          let maxCalls: number | undefined
          if (figure === 'payInvoice') {
            maxCalls = Math.ceil((PAYMENTS_PER_SECOND_BOUND * durationMs) / 1000) + concurrency
            const invoices = await prepareInvoices(reference, maxCalls)
            call = (i) => c.payInvoice(invoices[i]!)
          } else if (figure === 'keysend') {
            call = () => c.keysend(PAYMENT_MSAT)
          } else if (figure === 'createInvoice') {
            call = async () => {
              await c.createInvoice(PAYMENT_MSAT)
            }
          } else {
            call = () => c.getInfo()
          }
          const result = await throughput(call, {
            concurrency,
            durationMs,
            ...(maxCalls === undefined ? {} : { maxCalls }),
          })
          results.throughput[c.name]![figure][concurrency]!.push(result)
          if (result.stalled) {
            // Calls that never answer: its connection is gone, and every run after would wait too.
            results.dropped[c.name] = `${figure} ×${concurrency} in round ${round + 1}`
            log(`${c.name} stalled for good: left out of the runs that remain`)
          }
          log(
            `round ${round + 1}/${options.rounds} ${figure} ×${concurrency} ${c.name}: ${result.perSecond.toFixed(1)}/s` +
              (result.errors ? ` (${result.errors} errors: ${result.firstError})` : ''),
          )
        }
      }
    }
    for (const c of order) {
      if (results.dropped[c.name] !== undefined) continue
      let failedInARow = 0
      for (let i = 0; i < options.holdLifecycles; i++) {
        try {
          results.hold[c.name]!.push(
            await withDeadline(holdLifecycle(c, PAYMENT_MSAT), HOLD_DEADLINE_MS, 'hold lifecycle'),
          )
          failedInARow = 0
        } catch (error) {
          // A failed lifecycle is left out of the figures, and said.
          log(`hold lifecycle ${c.name} failed: ${(error as Error).message.split('\n')[0]}`)
          results.holdFailures[c.name] = (results.holdFailures[c.name] ?? 0) + 1
          // A contender whose connection is gone fails the rest too: its round ends here.
          if (++failedInARow === 2) break
        }
      }
      const last = results.hold[c.name]!.at(-1)
      log(
        `round ${round + 1}/${options.rounds} hold lifecycle ${c.name}: last ${last?.totalMs.toFixed(1)} ms`,
      )
    }
  }
  return results
}

async function warmUp(c: Contender, reference: Contender): Promise<void> {
  const invoices = await prepareInvoices(reference, 5)
  for (let i = 0; i < 5; i++) {
    await c.getInfo()
    await c.createInvoice(PAYMENT_MSAT)
    await c.payInvoice(invoices[i]!)
    await c.keysend(PAYMENT_MSAT)
  }
  await holdLifecycle(c, PAYMENT_MSAT)
}

async function prepareInvoices(reference: Contender, count: number): Promise<string[]> {
  const invoices: string[] = []
  await throughput(
    async () => {
      invoices.push(await reference.createInvoice(PAYMENT_MSAT))
    },
    { concurrency: 16, durationMs: 600_000, maxCalls: count },
  )
  if (invoices.length < count) throw new Error(`prepared ${invoices.length} of ${count} invoices`)
  return invoices
}
