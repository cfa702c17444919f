import { createRequire } from 'node:module'
import type { SqliteLike } from '../store/sqliteWebhookStore.js'

/**
 * A SQLite database for the tests: node:sqlite where this Node has it (22.13+),
 * else better-sqlite3 (Node 20), loaded only then (its native build is for Node 20).
 */
export function openDatabase(path: string): SqliteLike & { close(): void } {
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
