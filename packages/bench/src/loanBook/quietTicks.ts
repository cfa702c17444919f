import type { Desk, ScriptedOracle } from '@btcfi/loans'
import { machineLoad } from '../machine/machineLoad.js'
import { quietPrice } from './bookPrices.js'
import type { BookTicks } from './LoanBookResult.js'

/**
 * `count` ticks of `desk` at the quiet prices (each moves the price, none
 * crosses a trigger of the book), each timed; logs each with the load.
 */
export async function quietTicks(
  desk: Desk,
  oracle: ScriptedOracle,
  run: { path: BookTicks['path']; loans: number; count: number; label: string },
  log: (line: string) => void,
): Promise<BookTicks> {
  const tickMs: number[] = []
  for (let tick = 0; tick < run.count; tick++) {
    oracle.set(quietPrice(tick))
    const started = performance.now()
    await desk.tick()
    tickMs.push(performance.now() - started)
    log(
      `${run.label}: ${run.path} tick ${tick + 1}/${run.count} at ${run.loans} loans: ${tickMs.at(-1)!.toFixed(1)} ms (load ${machineLoad().join(', ')})`,
    )
  }
  return { path: run.path, loans: run.loans, tickMs, load: machineLoad() }
}
