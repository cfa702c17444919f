import { readFileSync } from 'node:fs'
import { errorCodes } from '@btcfi/core'
import { describe, expect, it } from 'vitest'
import { LoanError, loanErrorReasons } from './LoanError.js'

// docs/loans.md's table of codes lists exactly the codes of LoanError, each
// with the status it answers with, so that the page and the code cannot drift.

const doc = readFileSync(new URL('../../../../docs/loans.md', import.meta.url), 'utf8')
const section = doc.slice(
  doc.indexOf('\n## Errors\n'),
  doc.indexOf('\n## ', doc.indexOf('\n## Errors\n') + 1),
)
const rows = section
  .split('\n')
  .filter((line) => /^\|\s*`[A-Z][A-Z_]*`\s*\|/.test(line))
  .map((line) =>
    line
      .split('|')
      .slice(1, 3)
      .map((cell) => cell.trim().replaceAll('`', '')),
  )

describe("the loan package's codes", () => {
  it('are listed in docs/loans.md, each once, with its HTTP status', () => {
    expect(rows.map(([code]) => code).sort()).toEqual([...loanErrorReasons].sort())
    for (const [code, status] of rows)
      expect(new LoanError(code as (typeof loanErrorReasons)[number], 'x').status).toBe(
        Number(status),
      )
  })

  it('are its own: a LoanError carries its code, not a core one', () => {
    for (const reason of loanErrorReasons) {
      const error = new LoanError(reason, 'x')
      expect([error.code, error.reason]).toEqual([reason, reason])
    }
    // Where a name is both (NOT_FOUND), the meaning is the same: nothing there.
    expect(loanErrorReasons.filter((r) => (errorCodes as readonly string[]).includes(r))).toEqual([
      'NOT_FOUND',
    ])
  })
})
