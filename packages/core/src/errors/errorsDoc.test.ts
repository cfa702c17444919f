import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as core from '../index.js'

// docs/errors.md is where users look up an error code. Its table of codes must
// list exactly the codes of `errorCodes`, each with the class that carries it,
// so that the page and the code cannot drift apart.

const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8')

/** The text under a `## ` heading, up to the next `## ` heading. */
function section(heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`)
  if (start === -1) throw new Error(`docs/errors.md has no "## ${heading}" section`)
  const end = doc.indexOf('\n## ', start + 1)
  return doc.slice(start, end === -1 ? undefined : end)
}

/** The cells of each table row whose first cell is a code in backticks, e.g. `| \`NOT_FOUND\` | ...`. */
function codeRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => /^\|\s*`[A-Z][A-Z0-9_]*`\s*\|/.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
}

/** The code an error class sets, whatever arguments its constructor takes. */
function codeOf(errorClass: unknown): string | undefined {
  if (typeof errorClass !== 'function') return undefined
  for (const args of [[], ['x', 'y']]) {
    try {
      const error: unknown = Reflect.construct(errorClass, args)
      if (error instanceof core.BaseError) return error.code
    } catch {
      // another shape of arguments
    }
  }
  return undefined
}

describe('docs/errors.md', () => {
  const rows = codeRows(section('Codes'))
  const exported = new Map<string, unknown>(Object.entries(core))

  it('lists every error code once, in the order of errorCodes', () => {
    expect(rows.map(([code]) => code?.replaceAll('`', ''))).toEqual([...core.errorCodes])
  })

  it('names, for each code, the exported class that carries it', () => {
    for (const [code, className] of rows) {
      const name = className?.replaceAll('`', '') ?? ''
      expect({ name, code: codeOf(exported.get(name)) }).toEqual({
        name,
        code: code?.replaceAll('`', ''),
      })
    }
  })

  it('names no code that does not exist, in any of its tables', () => {
    const known: readonly string[] = core.errorCodes
    const named = codeRows(doc).map(([code]) => code?.replaceAll('`', '') ?? '')
    expect(named.length).toBeGreaterThan(core.errorCodes.length)
    expect(named.filter((code) => !known.includes(code))).toEqual([])
  })
})
