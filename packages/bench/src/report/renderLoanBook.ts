import type { BookTicks, LoanBookResult } from '../loanBook/LoanBookResult.js'
import { median } from '../stats/median.js'
import { markdownTable } from './markdownTable.js'

const count = (n: number) => n.toLocaleString('en-US')
/** A time in ms as the table shows it: ms under a second, seconds above. */
export const duration = (ms: number) =>
  ms >= 1_000
    ? `${(ms / 1_000).toFixed(1)} s`
    : ms >= 10
      ? `${ms.toFixed(0)} ms`
      : ms >= 1
        ? `${ms.toFixed(1)} ms`
        : `${ms.toFixed(2)} ms`
/** The machine's 1-minute load when a figure was taken, beside it. */
const atLoad = (text: string, load: readonly number[]) => `${text} <sub>load ${load[0]}</sub>`
const dollars = (cents: bigint) => `$${count(Number(cents / 100n))}`
const bytes = (b: number | undefined) =>
  b === undefined ? '–' : b >= 1_024 ? `${(b / 1_024).toFixed(2)} KiB` : `${b.toFixed(0)} B`

function ticksCell(ticks: BookTicks): string {
  const spread =
    ticks.tickMs.length > 1
      ? ` <sub>${duration(Math.min(...ticks.tickMs))}–${duration(Math.max(...ticks.tickMs))}</sub>`
      : ''
  return `${duration(median(ticks.tickMs))}${spread}`
}

/**
 * The loan book's section of the report: the quiet tick on the wake index and
 * as a full scan, then per store the fill, heap or disk per loan and the drop,
 * each figure with the machine's load when it was taken.
 */
export function renderLoanBook(books: readonly LoanBookResult[]): string[] {
  if (books.length === 0) return []
  const drop = books[0]!.drop
  return [
    '### Loan book: the desk tick on the wake index and as a full scan',
    '',
    `A quiet tick moves the price within 1.5% of ${dollars(drop.fromCents)} and crosses no trigger; median of the ticks, the fastest and slowest below it, and the 1-minute load after them.`,
    '',
    ...markdownTable(
      ['store', 'loans', 'tick', 'desk.tick()', 'ticks', 'load (1, 5, 15 min)'],
      ['left', 'right', 'left', 'right', 'right', 'right'],
      books.flatMap((book) =>
        book.ticks.map((t) => [
          book.store,
          count(t.loans),
          t.path,
          ticksCell(t),
          String(t.tickMs.length),
          t.load.join(', '),
        ]),
      ),
    ),
    '',
    ...books.flatMap((book) =>
      book.ticks
        .filter((t) => t.path === 'full scan' && t.loans < book.loans)
        .map(
          (t) =>
            `On ${book.store} the full scan ran at ${count(t.loans)} loans, not the book's ${count(book.loans)}: it reads every open loan at once (the setting \`fullScanLoans\`).`,
        ),
    ),
    ...(books.some((b) => b.ticks.some((t) => t.path === 'full scan' && t.loans < b.loans))
      ? ['']
      : []),
    `The drop: the price falls from ${dollars(drop.fromCents)} to ${dollars(drop.toCents)} in one tick, past the liquidation of 1% of the loans (built so, every 100th). The desk's tick finds them (listWaking, timed alone before it), decides each and saves it LIQUIDATING (all started: the last one saved), then settles its collateral lock, pays its surplus back and marks it LIQUIDATED (desk.tick(): the whole tick).`,
    '',
    ...markdownTable(
      [
        'store',
        'loans',
        'fill (`saveLoan`)',
        'heap per idle loan',
        'on disk per loan',
        'drop: listWaking',
        'drop: all started',
        'drop: desk.tick()',
        'left ACTIVE / built to',
        'errors',
      ],
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      books.map((book) => [
        book.store,
        count(book.loans),
        atLoad(`${duration(book.fill.ms)}, ${book.fill.concurrency} at once`, book.fill.load),
        bytes(book.heapBytesPerLoan),
        bytes(book.diskBytesPerLoan),
        `${count(book.drop.waking)} in ${duration(book.drop.wakingMs)}`,
        duration(book.drop.startedMs),
        atLoad(duration(book.drop.tickMs), book.drop.load),
        `${count(book.drop.leftActive)} / ${count(book.drop.expected)}${book.drop.unexpected > 0 ? ` (**${count(book.drop.unexpected)} not built to**)` : ''}${book.drop.liquidated < book.drop.leftActive ? ` (${count(book.drop.liquidated)} LIQUIDATED)` : ''}`,
        String(book.errors),
      ]),
    ),
    '',
  ]
}
