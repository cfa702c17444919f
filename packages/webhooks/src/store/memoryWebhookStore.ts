import type { WebhookEvent } from '../events/WebhookEvent.js'
import type { WebhookCursor, WebhookDelivery, WebhookStore } from './WebhookStore.js'

interface Row {
  event: WebhookEvent
  endpoint: string
  order: number
  state: 'pending' | 'delivered' | 'dead'
  attempts: number
  nextAtMs: number
}

/** An outbox in memory: for tests, and for apps that replay from lnd on each start. */
export function memoryWebhookStore(): WebhookStore {
  let cursor: WebhookCursor | undefined
  const rows = new Map<string, Row>()
  let order = 0
  const key = (eventId: string, endpoint: string) => `${eventId}\n${endpoint}`
  return {
    async loadCursor() {
      return cursor === undefined ? undefined : { ...cursor, inFlight: [...cursor.inFlight] }
    },
    async record(events, endpoints, next) {
      for (const event of events)
        for (const endpoint of endpoints)
          if (!rows.has(key(event.id, endpoint)))
            rows.set(key(event.id, endpoint), {
              event,
              endpoint,
              order: order++,
              state: 'pending',
              attempts: 0,
              nextAtMs: 0,
            })
      cursor = { ...next, inFlight: [...next.inFlight] }
    },
    async due(nowMs, limit, endpoint) {
      return [...rows.values()]
        .filter(
          (row) => row.state === 'pending' && row.nextAtMs <= nowMs && row.endpoint === endpoint,
        )
        .sort((a, b) => a.order - b.order)
        .slice(0, limit)
        .map(({ event, endpoint, attempts }): WebhookDelivery => ({ event, endpoint, attempts }))
    },
    async delivered(eventId, endpoint) {
      const row = rows.get(key(eventId, endpoint))
      if (row) row.state = 'delivered'
    },
    async failed(eventId, endpoint, attempts, retryAtMs) {
      const row = rows.get(key(eventId, endpoint))
      if (row?.state !== 'pending') return
      row.attempts = attempts
      if (retryAtMs === undefined) row.state = 'dead'
      else row.nextAtMs = retryAtMs
    },
    async status(eventId, endpoint) {
      const row = rows.get(key(eventId, endpoint))
      return row && { state: row.state, attempts: row.attempts }
    },
  }
}
