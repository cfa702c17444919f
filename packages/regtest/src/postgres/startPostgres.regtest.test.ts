import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { processesMentioning } from '../testing/processes.js'
import { waitFor } from '../util/waitFor.js'
import { startPostgres } from './startPostgres.js'

const uidOf = (pid: number) =>
  Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1])

describe('startPostgres', () => {
  it('starts a PostgreSQL that wants the password of its URL, and leaves nothing when stopped', async () => {
    const lines: string[] = []
    const server = await startPostgres({ onProgress: (line) => lines.push(line) })
    const password = new URL(server.url).password
    try {
      expect(password).toMatch(/^[0-9a-f]{48}$/)
      expect(lines.join('\n')).not.toContain(password)
      expect(server.dir).toContain('btcfi-postgres-')
      // PostgreSQL refuses root: from root, it runs as another user.
      if (process.getuid?.() === 0) expect(uidOf(server.pid)).not.toBe(0)
      // The postmaster and its workers, each titled with the cluster's name.
      expect(processesMentioning(server.name)).toContain(server.pid)
      expect(processesMentioning(server.name).length).toBeGreaterThan(3)

      const client = new pg.Client({ connectionString: server.url })
      await client.connect()
      const { rows } = await client.query(
        "SELECT current_user, current_database(), current_setting('fsync') AS fsync",
      )
      expect(rows).toEqual([{ current_user: 'btcfi', current_database: 'btcfi', fsync: 'off' }])
      await client.end()

      const wrong = new URL(server.url)
      wrong.password = 'wrong'
      const intruder = new pg.Client({ connectionString: wrong.href })
      await expect(intruder.connect()).rejects.toThrow(/password authentication failed/)
    } finally {
      await server.stop()
    }
    expect(processesMentioning(server.name)).toEqual([])
    expect(existsSync(server.dir)).toBe(false)
    await server.stop() // a second stop is a no-op
  })

  it('is killed, and its files removed, when the process that started it is killed', async () => {
    const script = `
      import { startPostgres } from '@btcfi/regtest'
      const server = await startPostgres()
      console.log('ready', server.name, server.dir)
      setInterval(() => {}, 1000)
    `
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    )
    const [name, dir] = await new Promise<[string, string]>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const ready = /ready (\S+) (\S+)/.exec(chunk.toString())
        if (ready) resolve([ready[1]!, ready[2]!])
      })
      child.on('exit', (code) => reject(new Error(`the starter exited early (${code})`)))
    })
    expect(processesMentioning(name).length).toBeGreaterThan(3)
    child.kill('SIGKILL')
    await waitFor(() => processesMentioning(name).length === 0 && !existsSync(dir), {
      what: 'the watchdog to kill the orphaned PostgreSQL and remove its files',
      timeoutMs: 15_000,
    })
  })

  it.skipIf(process.getuid?.() !== 0)(
    'says so when, run as root, there is no user to run PostgreSQL as',
    async () => {
      await expect(startPostgres({ user: 'btcfi-no-such-user' })).rejects.toMatchObject({
        name: 'PostgresHarnessError',
        code: 'POSTGRES_NO_USER',
        message: expect.stringContaining('PostgreSQL refuses to run as root'),
      })
    },
  )
})
