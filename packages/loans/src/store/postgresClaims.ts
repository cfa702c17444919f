import type { LoanClaim } from './LoanStore.js'
import type { PostgresPool, PostgresPoolClient } from './postgresPool.js'

/**
 * `LoanStore.claim` on PostgreSQL: session advisory locks
 * (`pg_try_advisory_lock`), all of a store's on one connection of its pool
 * held for the purpose, so that they go when the process dies (its
 * connection closes, and the server drops the session's locks at once) and
 * never wait on a worker that holds one: a claim is taken or refused in one
 * round trip. Keys are hashed (`hashtextextended`, 64 bits) under the
 * store's schema: two keys of one hash share a claim, which only makes them
 * wait for each other.
 *
 * When the connection breaks, every claim of this process is gone with it
 * (another worker may take the keys): claims taken after that open a new
 * connection, and a release of an older one does nothing.
 */
export function postgresClaims(pool: PostgresPool, namespace: string) {
  let session: Promise<PostgresPoolClient> | undefined
  let closed = false
  const drop = (client: PostgresPoolClient) => {
    void session?.then((current) => {
      if (current !== client) return
      session = undefined
      client.release(true)
    })
  }
  const connect = () => {
    session ??= pool.connect().then(
      (client) => {
        client.on?.('error', () => drop(client))
        return client
      },
      (error: unknown) => {
        session = undefined
        throw error
      },
    )
    return session
  }
  // One query at a time on the session (node-postgres no longer queues them).
  let queue: Promise<unknown> = Promise.resolve()
  const query = (client: PostgresPoolClient, text: string, values: unknown[]) => {
    const result = queue.then(() => client.query(text, values))
    queue = result.catch(() => {})
    return result
  }
  const lockText = 'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS held'
  const unlockText = 'SELECT pg_advisory_unlock(hashtextextended($1, 0))'
  return {
    async claim(key: string): Promise<LoanClaim | undefined> {
      if (closed) throw new Error('closed')
      const client = await connect()
      const name = `${namespace}${key}`
      let held: boolean
      try {
        const { rows } = await query(client, lockText, [name])
        held = (rows[0] as { held: boolean } | undefined)?.held === true
      } catch (error) {
        drop(client)
        throw error
      }
      if (!held) return undefined
      let released = false
      return {
        async release() {
          if (released) return
          released = true
          if ((await session?.catch(() => undefined)) !== client) return
          await query(client, unlockText, [name]).catch(() => drop(client))
        },
      }
    },
    /** Ends the session: every claim still held goes with it. */
    async close(): Promise<void> {
      closed = true
      const current = await session?.catch(() => undefined)
      session = undefined
      if (!current) return
      // Given back before the connection goes: another worker may take them at once.
      await query(current, 'SELECT pg_advisory_unlock_all()', []).catch(() => {})
      current.release(true)
    },
  }
}
