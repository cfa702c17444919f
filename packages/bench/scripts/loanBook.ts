// The loan book alone, without the network: the desk's tick on the wake index
// beside the full scan, in memory, on PostgreSQL and on SQLite, and the price
// drop that liquidates 1% of the book. Writes the results as JSON beside the
// others and prints the report's section.
//   node --conditions=source --import tsx packages/bench/scripts/loanBook.ts [--quick] [--bookLoans=1000000 ...]
import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { loanBooks } from '../src/loanBook/loanBooks.js'
import { machineLoad } from '../src/machine/machineLoad.js'
import { renderLoanBook } from '../src/report/renderLoanBook.js'
import { parseSettings } from '../src/settings.js'

const settings = parseSettings(process.argv.slice(2))
const quick = process.argv.includes('--quick')
const log = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`)
const startedAt = new Date().toISOString()
const loadBefore = machineLoad()
// The code measured: the commit, and whether packages/loans differed from it.
const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim()
const commit = git('rev-parse', '--short', 'HEAD')
const loansChanged = git('status', '--porcelain', '--', 'packages/loans') !== ''
log(`settings: ${JSON.stringify(settings)}`)
log(`commit ${commit}${loansChanged ? ', packages/loans changed since' : ''}`)
const loanBook = await loanBooks(settings, log)
const results = {
  startedAt,
  commit,
  loansChanged,
  settings,
  loadBefore,
  loadAfter: machineLoad(),
  loanBook,
}
const dir = new URL('../results/', import.meta.url)
await mkdir(dir, { recursive: true })
const file = new URL(
  `loan-book-${startedAt.replaceAll(':', '-').slice(0, 19)}${quick ? '-quick' : ''}.json`,
  dir,
)
await writeFile(
  file,
  `${JSON.stringify(results, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`,
)
log(`results written to ${file.pathname}`)
console.log(renderLoanBook(loanBook).join('\n'))
