import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LightningClient } from '@btcfi/sdk'
import { createWebhookSender, sqliteWebhookStore } from '@btcfi/webhooks'

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
  const store = sqliteWebhookStore(join(dir, 'webhooks.db'))
  const sender = createWebhookSender({
    client,
    store,
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
    store.close()
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
