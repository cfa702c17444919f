import { describe, expect, it } from 'vitest'
import type { LoanBookResult } from '../loanBook/LoanBookResult.js'
import { duration, renderLoanBook } from './renderLoanBook.js'

const book: LoanBookResult = {
  store: 'postgres',
  loans: 1_000_000,
  fill: { ms: 125_000, concurrency: 32, load: [2.5, 2, 1.5] },
  heapBytesPerLoan: undefined,
  diskBytesPerLoan: 2_560,
  ticks: [
    { path: 'indexed', loans: 1_000_000, tickMs: [3, 2, 4], load: [1.25, 1, 1] },
    { path: 'full scan', loans: 100_000, tickMs: [9_000], load: [2, 1, 1] },
  ],
  drop: {
    fromCents: 10_000_000n,
    toCents: 6_000_000n,
    waking: 10_000,
    wakingMs: 250,
    startedMs: 7_000,
    tickMs: 12_000,
    load: [3, 2, 1],
    expected: 10_000,
    leftActive: 10_000,
    liquidated: 10_000,
    unexpected: 0,
  },
  errors: 0,
}

describe('duration', () => {
  it('shows seconds from 1 s, whole ms from 10 ms, and finer below', () => {
    expect([12_345, 250, 4.56, 0.034].map(duration)).toEqual([
      '12.3 s',
      '250 ms',
      '4.6 ms',
      '0.03 ms',
    ])
  })
})

describe('renderLoanBook', () => {
  it('renders nothing for a run without a loan book', () => {
    expect(renderLoanBook([])).toEqual([])
  })

  it('puts each tick, the fill, the sizes and the drop beside the load they were taken at', () => {
    const text = renderLoanBook([book]).join('\n')
    expect(text).toContain('| postgres | 1,000,000 | indexed   | 3.0 ms <sub>2.0 ms–4.0 ms</sub> |')
    expect(text).toContain('| postgres |   100,000 | full scan |                           9.0 s |')
    expect(text).toContain('125.0 s, 32 at once <sub>load 2.5</sub>')
    expect(text).toContain('2.50 KiB')
    expect(text).toContain('10,000 in 250 ms')
    expect(text).toMatch(/\| +7\.0 s \| +12\.0 s <sub>load 3<\/sub> \|/)
    expect(text).toContain('10,000 / 10,000')
    expect(text).toContain('from $100,000 to $60,000')
    expect(text).toContain(
      "On postgres the full scan ran at 100,000 loans, not the book's 1,000,000: it reads every open loan at once (the setting `fullScanLoans`).",
    )
  })
})
