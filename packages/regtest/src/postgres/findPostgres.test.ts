import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { findPostgres } from './findPostgres.js'

const root = mkdtempSync(join(tmpdir(), 'find-postgres-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function install(version: string, programs: readonly string[]): string {
  const bin = join(root, version, 'bin')
  mkdirSync(bin, { recursive: true })
  for (const program of programs) writeFileSync(join(bin, program), '')
  return bin
}

it('takes the newest major version that has both initdb and postgres', () => {
  install('9', ['initdb', 'postgres'])
  install('13', ['initdb', 'postgres'])
  const fifteen = install('15', ['initdb', 'postgres'])
  install('16', ['initdb']) // half installed
  install('notes', ['initdb', 'postgres'])
  expect(findPostgres(undefined, root)).toEqual({ binDir: fifteen, major: 15 })
})

it('takes the folder it is given, or says there is none there', () => {
  const bin = install('17', ['initdb', 'postgres'])
  expect(findPostgres(bin)).toEqual({ binDir: bin, major: undefined })
  expect(() => findPostgres(join(root, '16', 'bin'))).toThrow(
    expect.objectContaining({ name: 'PostgresHarnessError', code: 'POSTGRES_NOT_FOUND' }),
  )
})

it('says how to install PostgreSQL when there is none', () => {
  const path = process.env.PATH
  process.env.PATH = join(root, 'nothing')
  try {
    expect(() => findPostgres(undefined, join(root, 'none'))).toThrow(
      /install Debian's postgresql package.*BTCFI_POSTGRES_URL/,
    )
  } finally {
    process.env.PATH = path
  }
})
