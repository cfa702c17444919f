import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { startPostgres } from './startPostgres.js'

// PostgreSQL's programs stood in for by scripts: how a failed start is reported and cleaned up.
const bin = mkdtempSync(join(tmpdir(), 'fake-postgres-'))
chmodSync(bin, 0o755) // run as another user when this is root
const parents: string[] = [bin]
afterAll(() => {
  for (const dir of parents) rmSync(dir, { recursive: true, force: true })
})

/** A cluster dir inside a fresh temp dir (removed after the tests). */
function clusterDir(): string {
  const parent = mkdtempSync(join(tmpdir(), 'fake-cluster-'))
  parents.push(parent)
  return join(parent, 'cluster')
}

function program(name: string, script: string): void {
  writeFileSync(join(bin, name), `#!/bin/sh\n${script}\n`, { mode: 0o755 })
}

it('reports a failed initdb with its output, and removes the dir', async () => {
  program('initdb', 'echo "initdb: could not create directory: no space left" >&2; exit 1')
  program('postgres', 'exit 1')
  const dir = clusterDir()
  await expect(startPostgres({ binDir: bin, dir })).rejects.toMatchObject({
    name: 'PostgresHarnessError',
    code: 'POSTGRES_START_FAILED',
    message: expect.stringContaining('no space left'),
  })
  expect(existsSync(dir)).toBe(false)
})

it('reports a postgres that exits while starting, with the end of its log', async () => {
  program('initdb', 'exit 0')
  program('postgres', 'echo "FATAL:  could not bind IPv4 address" >&2; exit 1')
  const dir = clusterDir()
  await expect(startPostgres({ binDir: bin, dir })).rejects.toMatchObject({
    code: 'POSTGRES_START_FAILED',
    message: expect.stringMatching(
      /postgres exited \(code 1\) while starting:\nFATAL: {2}could not bind/,
    ),
  })
  expect(existsSync(dir)).toBe(false)
})
