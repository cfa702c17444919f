import { existsSync, readdirSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { PostgresHarnessError } from './PostgresHarnessError.js'

/** Where Debian (and Ubuntu) install each PostgreSQL major version: `<root>/<major>/bin`. */
export const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql'

/** A PostgreSQL installation: the folder of its server binaries and its major version. */
export interface PostgresBinaries {
  binDir: string
  /** The major version (e.g. 15), when the folder tells it. */
  major: number | undefined
}

const hasServer = (dir: string) =>
  existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))

/**
 * Finds PostgreSQL's server binaries (`initdb`, `postgres`, `createdb`):
 * `binDir` when given, else the newest major version under
 * `/usr/lib/postgresql/<major>/bin` (Debian's layout, where they are not on
 * `PATH`), else a folder on `PATH` that has them (Homebrew, a source build).
 * Throws `PostgresHarnessError('POSTGRES_NOT_FOUND')` when there is none.
 *
 * @example
 * const { binDir, major } = findPostgres() // { binDir: '/usr/lib/postgresql/15/bin', major: 15 }
 */
export function findPostgres(binDir?: string, root = DEBIAN_POSTGRES_ROOT): PostgresBinaries {
  if (binDir !== undefined) {
    if (hasServer(binDir)) return { binDir, major: undefined }
    throw new PostgresHarnessError('POSTGRES_NOT_FOUND', `No initdb and postgres in ${binDir}.`)
  }
  let majors: number[] = []
  try {
    majors = readdirSync(root)
      .filter((name) => /^\d+$/.test(name) && hasServer(join(root, name, 'bin')))
      .map(Number)
      .sort((a, b) => b - a)
  } catch {
    // no Debian layout here
  }
  if (majors[0] !== undefined)
    return { binDir: join(root, String(majors[0]), 'bin'), major: majors[0] }
  const onPath = (process.env.PATH ?? '').split(delimiter).find((dir) => dir && hasServer(dir))
  if (onPath) return { binDir: onPath, major: undefined }
  throw new PostgresHarnessError(
    'POSTGRES_NOT_FOUND',
    `No PostgreSQL server binaries (initdb, postgres) under ${root}/<version>/bin or on PATH: install Debian's postgresql package (npm test's set-up does, as root), or point BTCFI_POSTGRES_URL at a PostgreSQL of your own.`,
  )
}
