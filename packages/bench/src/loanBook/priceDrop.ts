import type { Desk, LoanState, LoanStore, ScriptedOracle } from '@btcfi/loans'
import { machineLoad } from '../machine/machineLoad.js'
import { BOOK_PRICE, DROP_PRICE } from './bookPrices.js'
import { liquidatedAtDrop, liquidatesAtDrop } from './bookPrincipal.js'
import { indexOf } from './idleLoan.js'
import type { BookDrop } from './LoanBookResult.js'

const NOT_ACTIVE: LoanState[] = [
  'AWAITING_LOCK',
  'DISBURSING',
  'REPAID',
  'LIQUIDATING',
  'LIQUIDATED',
  'CANCELED',
]

/**
 * The price falls 40% at once, from the book's price: the store's `listWaking` at the drop price
 * (timed alone), then the desk's tick at it, which liquidates every loan built
 * to cross the trigger there; then which loans left ACTIVE, and whether they
 * are exactly those.
 */
export async function priceDrop(
  desk: Desk,
  store: LoanStore,
  oracle: ScriptedOracle,
  book: {
    loans: number
    height: number
    label: string
    /** Filled by the desk's `onEvent`: the time of each `liquidation.started`. */
    liquidationsStarted: readonly number[]
  },
  log: (line: string) => void,
): Promise<BookDrop> {
  // From the book's price (a quiet tick there, untimed).
  oracle.set(BOOK_PRICE)
  await desk.tick()
  const fromCents = BOOK_PRICE
  let started = performance.now()
  const waking = await store.listWaking!({
    centsPerBtc: DROP_PRICE,
    nowMs: Date.now(),
    height: book.height,
  })
  const wakingMs = performance.now() - started
  log(
    `${book.label}: listWaking at the drop: ${waking.length} loans in ${wakingMs.toFixed(1)} ms (load ${machineLoad().join(', ')})`,
  )
  oracle.set(DROP_PRICE)
  started = performance.now()
  const before = book.liquidationsStarted.length
  await desk.tick()
  const tickMs = performance.now() - started
  const starts = book.liquidationsStarted.slice(before)
  const startedMs = starts.length === 0 ? 0 : Math.max(...starts) - started
  const load = machineLoad()
  // Every state but ACTIVE (the book holds ACTIVE loans only): the loans that left it.
  const left = await store.listLoans({ states: NOT_ACTIVE })
  const result: BookDrop = {
    fromCents,
    toCents: DROP_PRICE,
    waking: waking.length,
    wakingMs,
    startedMs,
    tickMs,
    load,
    expected: liquidatedAtDrop(book.loans),
    leftActive: left.length,
    liquidated: left.filter((loan) => loan.state === 'LIQUIDATED').length,
    unexpected: left.filter((loan) => !liquidatesAtDrop(indexOf(loan.id))).length,
  }
  log(
    `${book.label}: drop tick ${(tickMs / 1000).toFixed(2)} s (the last liquidation started at ${(startedMs / 1000).toFixed(2)} s): ${result.leftActive} left ACTIVE (${result.liquidated} LIQUIDATED, ${result.unexpected} not built to), ${result.expected} expected (load ${load.join(', ')})`,
  )
  return result
}
