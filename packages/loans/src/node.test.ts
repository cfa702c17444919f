import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { expect, it } from 'vitest'
import * as loans from './index.js'
import * as node from './node.js'

/** Every module an entry reaches through relative imports, and the packages they import. */
function reached(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string) => {
    if (files.has(file)) return
    files.add(file)
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      const spec = m[1]!
      if (spec.startsWith('.')) visit(join(dirname(file), spec.replace(/\.js$/, '.ts')))
      else packages.add(spec)
    }
  }
  visit(entry)
  return { files, packages }
}

it('the root entry reaches no HTTP server and no database driver; the node entry has them', () => {
  const root = reached(join(import.meta.dirname, 'index.ts'))
  const nodeOnly = [
    'node:http',
    'node:https',
    'node:net',
    'node:sqlite',
    'node:module',
    'better-sqlite3',
    'pg',
  ]
  expect([...root.packages].filter((p) => nodeOnly.includes(p))).toEqual([])
  const all = reached(join(import.meta.dirname, 'node.ts'))
  expect([...all.packages].filter((p) => nodeOnly.includes(p)).sort()).toEqual([
    'better-sqlite3',
    'node:http',
    'node:module',
    'node:net',
    'pg',
  ])
  // The node entry is the root entry and its Node parts.
  expect(
    Object.keys(node)
      .filter((name) => !(name in loans))
      .sort(),
  ).toEqual([
    'postgresEscrowStore',
    'postgresLoanStore',
    'sqliteEscrowStore',
    'sqliteLoanStore',
    'startDesk',
    'startEscrowAgent',
  ])
})
