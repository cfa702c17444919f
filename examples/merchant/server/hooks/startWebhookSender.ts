import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LightningClient } from '@btcfi/sdk'
import { createWebhookSender, type SqliteLike, sqliteWebhookStore } from '@btcfi/webhooks'

export interface WebhookSenderParameters {
  /** The merchant's node, whose settled invoices are told. */
  client: LightningClient
  /** The app's webhook endpoint, `<app>/hooks/lightning`. */
  url: string
  /** The run's `whsec_…` secret, shared with the endpoint. */
  secret: string
  onProgress?: (line: string) => void
}

/**
 * The shop's webhook sender: `invoice.settled` of the merchant's node, from
 * an SQLite outbox in a temp dir of this run (removed on close), to the
 * app's own endpoint, retried (5 s, doubling to an hour, 15 attempts) until
 * the endpoint answers 2xx.
 */
export async function startWebhookSender({
  client,
  url,
  secret,
  onProgress = () => {},
}: WebhookSenderParameters) {
  const dir = await mkdtemp(join(tmpdir(), 'btcfi-webhooks-'))
  const db = openDatabase(join(dir, 'webhooks.db'))
  const sender = createWebhookSender({
    client,
    store: sqliteWebhookStore(db),
    endpoints: [{ id: 'shop', url, secret }],
    events: ['invoice.settled'],
    onAttempt: (attempt) => {
      if (!attempt.ok) {
        onProgress(
          `webhooks: ${attempt.eventId} not delivered (${attempt.status ?? 'no answer'}), ` +
            (attempt.retryAt ? `again at ${attempt.retryAt.toISOString()}` : 'given up'),
        )
      }
    },
    onError: (error) => onProgress(`webhooks: ${error instanceof Error ? error.message : error}`),
  })
  const close = async () => {
    await sender.stop()
    db.close()
    await rm(dir, { recursive: true, force: true })
  }
  try {
    await sender.start()
  } catch (error) {
    await close()
    throw error
  }
  return { dir, close }
}

/**
 * The outbox's database: node:sqlite where this Node has it (22.13+), else
 * better-sqlite3.
 */
function openDatabase(path: string): SqliteLike & { close(): void } {
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
