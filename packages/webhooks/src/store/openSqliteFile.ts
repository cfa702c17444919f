import { createRequire } from 'node:module'
import type { SqliteLike } from './sqliteWebhookStore.js'

/**
 * Opens the SQLite file at `path`: node:sqlite where this Node has it
 * (22.13+, 24 LTS), else better-sqlite3 (Node 20), loaded only then, which
 * must then be installed.
 */
export function openSqliteFile(path: string): SqliteLike & { close(): void } {
  const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown })
    .getBuiltinModule
  const builtIn = getBuiltinModule?.('node:sqlite') as
    | { DatabaseSync: new (path: string) => SqliteLike & { close(): void } }
    | undefined
  if (builtIn) return new builtIn.DatabaseSync(path)
  const Database = createRequire(import.meta.url)(
    'better-sqlite3',
  ) as typeof import('better-sqlite3')
  return new Database(path)
}
