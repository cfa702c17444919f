import { execFile, execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { Daemon } from '../process/Daemon.js'
import { startWatchdog } from '../process/watchdog.js'
import { freePort } from '../util/freePort.js'
import { waitFor } from '../util/waitFor.js'
import { findPostgres } from './findPostgres.js'
import { PostgresHarnessError } from './PostgresHarnessError.js'

export interface StartPostgresOptions {
  /** The database to create. Default `btcfi`. */
  database?: string
  /** Where the cluster's files go (data, socket, `postgres.log`). Default: a fresh temp dir, removed by `stop`. */
  dir?: string
  /** Keep the files after `stop`. */
  keepDir?: boolean
  /** The folder of `initdb`, `postgres` and `createdb`. Default: found by `findPostgres`. */
  binDir?: string
  /**
   * The system user PostgreSQL runs as when this process is root (PostgreSQL
   * refuses to run as root). Default `postgres` (Debian's package creates it),
   * else `nobody`. Ignored when this process is not root: it runs as this user.
   */
  user?: string
  /**
   * fsync, full-page writes and synchronous commit on, as in production (for
   * a benchmark of durable writes). Default off: a test database is thrown
   * away, and a machine crash may lose it.
   */
  durable?: boolean
  /** Progress lines for a person watching (never the password). */
  onProgress?: (line: string) => void
}

/** A running PostgreSQL of the harness. */
export interface PostgresServer {
  /**
   * `postgres://btcfi:<password>@127.0.0.1:<port>/<database>`, for a driver or
   * a store. It holds the password: hand it on, do not log it.
   */
  url: string
  host: string
  port: number
  database: string
  /** The database role (a superuser of this cluster). */
  role: string
  /** The cluster's folder (data, unix socket, `postgres.log`). */
  dir: string
  /** Its `cluster_name`, in the title of each of its processes (`postgres: btcfi-postgres-…: checkpointer`). */
  name: string
  /** The postmaster's pid. */
  pid: number
  /** Fast shutdown (open connections are closed), then the files are removed. */
  stop(): Promise<void>
}

const ROLE = 'btcfi'
/**
 * Begins the name of every cluster of the harness, which is in each of its
 * processes' titles (`postgres: btcfi-postgres-x1Yz: checkpointer`) and the
 * postmaster's data dir: how a leftover is found.
 */
export const POSTGRES_HARNESS_MARK = 'btcfi-postgres'

/**
 * Starts a throwaway PostgreSQL: `initdb` in a fresh temp dir, `postgres` on a
 * free loopback port (and a unix socket in that dir), a database created; the
 * URL has a random password (host connections need it, scram-sha-256). Run as
 * root, the cluster runs as an unprivileged system user instead (the dir is
 * chowned to it). Nothing outlives it: `stop()` shuts it down fast and removes
 * the dir, and a watchdog process kills the cluster (and removes the dir) if
 * the process that started it dies without stopping it.
 *
 * @example
 * const pg = await startPostgres()
 * const store = await postgresLoanStore({ url: pg.url })
 * // ...
 * await store.close()
 * await pg.stop()
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const progress = options.onProgress ?? (() => {})
  const started = Date.now()
  const database = options.database ?? 'btcfi'
  const { binDir, major } = findPostgres(options.binDir)
  const owner = runAs(options.user)
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), `${POSTGRES_HARNESS_MARK}-`)))
  await mkdir(dir, { recursive: true })
  const removeDir = options.keepDir ? undefined : dir
  const name = basename(dir).startsWith(`${POSTGRES_HARNESS_MARK}-`)
    ? basename(dir)
    : `${POSTGRES_HARNESS_MARK}-${randomBytes(4).toString('hex')}`
  const data = join(dir, 'data')
  const pidFile = join(dir, 'pids.json')
  // The whole environment of the cluster's programs: none of this process's PG* variables.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C', LC_ALL: 'C' }
  const as = { ...owner, env, cwd: dir }
  let daemon: Daemon | undefined
  // The postmaster: its children end by themselves when it is gone.
  const writePids = () => {
    if (!existsSync(dir)) return
    writeFile(pidFile, JSON.stringify(daemon?.pid ? [daemon.pid] : [])).catch(() => {})
  }
  await writeFile(pidFile, '[]')
  startWatchdog(pidFile, removeDir)

  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      await daemon?.stop(10_000) // SIGINT: PostgreSQL's fast shutdown
      await rm(pidFile, { force: true })
      if (removeDir) await rm(removeDir, { recursive: true, force: true })
    })()
    return stopping
  }

  try {
    if (owner) await chown(dir, owner.uid, owner.gid)
    progress(
      `PostgreSQL${major ? ` ${major}` : ''}: initdb in ${dir}${owner ? ` (as ${owner.name})` : ''}`,
    )
    const password = randomBytes(24).toString('hex')
    const pwfile = join(dir, 'pwfile')
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 })
    if (owner) await chown(pwfile, owner.uid, owner.gid)
    await runTool(
      join(binDir, 'initdb'),
      [
        '-D',
        data,
        '-U',
        ROLE,
        `--pwfile=${pwfile}`,
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '-E',
        'UTF8',
        '--locale=C',
        '--no-sync',
      ],
      as,
    )
    await rm(pwfile, { force: true })

    const port = await freePort()
    const settings = [
      'listen_addresses=127.0.0.1',
      `unix_socket_directories=${dir}`,
      `cluster_name=${name}`,
      // Dynamic shared memory as files in the data dir: removed with it, even after a SIGKILL.
      'dynamic_shared_memory_type=mmap',
      ...(options.durable ? [] : ['fsync=off', 'full_page_writes=off', 'synchronous_commit=off']),
    ]
    const log = join(dir, 'postgres.log')
    daemon = new Daemon(
      'postgres',
      join(binDir, 'postgres'),
      ['-D', data, '-p', String(port), ...settings.flatMap((s) => ['-c', s])],
      log,
      writePids,
      { ...as, stopSignal: 'SIGINT' },
    )
    daemon.start()
    const exited = daemon.waitExit().then(async (code) => {
      // Its last words may still be on their way to the log.
      await waitFor(() => logTail(log) !== '', { what: 'postgres.log', timeoutMs: 1_000 }).catch(
        () => {},
      )
      throw new PostgresHarnessError(
        'POSTGRES_START_FAILED',
        `postgres exited (code ${code}) while starting:\n${logTail(log) || '(nothing in postgres.log)'}`,
      )
    })
    exited.catch(() => {}) // an exit after start (a stop) is no failure of the start
    await Promise.race([
      exited,
      waitFor(() => readyIn(data), { what: 'PostgreSQL to accept connections', timeoutMs: 60_000 }),
    ])
    await runTool(
      join(binDir, 'createdb'),
      ['-h', dir, '-p', String(port), '-U', ROLE, database],
      as,
    )
    progress(
      `PostgreSQL ready on 127.0.0.1:${port}, database ${database}, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    )
    const pid = daemon.pid
    if (pid === undefined)
      throw new PostgresHarnessError('POSTGRES_START_FAILED', 'postgres exited')
    return {
      url: `postgres://${ROLE}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
      host: '127.0.0.1',
      port,
      database,
      role: ROLE,
      dir,
      name,
      pid,
      stop,
    }
  } catch (error) {
    await stop().catch(() => {})
    if (error instanceof PostgresHarnessError) throw error
    throw new PostgresHarnessError(
      'POSTGRES_START_FAILED',
      `PostgreSQL did not start: ${(error as Error).message}`,
      { cause: error },
    )
  }
}

interface RunAs {
  name: string
  uid: number
  gid: number
}

/** The unprivileged user to run PostgreSQL as when this process is root; undefined otherwise. */
function runAs(user: string | undefined): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined
  for (const name of user === undefined ? ['postgres', 'nobody'] : [user]) {
    const found = systemUser(name)
    if (found && found.uid !== 0) return found
  }
  throw new PostgresHarnessError(
    'POSTGRES_NO_USER',
    `PostgreSQL refuses to run as root, and there is no ${user ?? 'postgres or nobody'} user to run it as: create one (useradd --system postgres) or pass \`user\`.`,
  )
}

function systemUser(name: string): RunAs | undefined {
  let passwd = ''
  try {
    passwd = execFileSync('getent', ['passwd', name], { encoding: 'utf8' })
  } catch {
    try {
      passwd = readFileSync('/etc/passwd', 'utf8')
    } catch {
      return undefined
    }
  }
  const fields = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .find((f) => f[0] === name)
  if (!fields || !/^\d+$/.test(fields[2] ?? '') || !/^\d+$/.test(fields[3] ?? '')) return undefined
  return { name, uid: Number(fields[2]), gid: Number(fields[3]) }
}

/** Runs one of PostgreSQL's programs to its end; its output becomes the error's message if it fails. */
function runTool(
  binary: string,
  args: readonly string[],
  options: { uid?: number; gid?: number; env: NodeJS.ProcessEnv; cwd: string },
): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, options, (error, stdout, stderr) => {
      if (!error) return resolve()
      const output = `${stdout}${stderr}`.trim().slice(-2_000)
      reject(
        new PostgresHarnessError(
          'POSTGRES_START_FAILED',
          `${binary.split('/').pop()} failed (${error.code ?? error.signal}):\n${output}`,
        ),
      )
    })
  })
}

/** True once the postmaster says it is ready (the 8th line of postmaster.pid). */
async function readyIn(data: string): Promise<boolean> {
  const lines = (await readFile(join(data, 'postmaster.pid'), 'utf8')).split('\n')
  return lines[7]?.trim() === 'ready'
}

function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-20).join('\n')
  } catch {
    return ''
  }
}
