import { assertInteger, assertObject, deadlineSignal, type Invoice } from '@btcfi/core'
import { type Client, listInvoices, listPayments, type Unwatch, watchInvoices } from '@btcfi/sdk'
import { Webhook } from 'standardwebhooks'
import { WebhookError } from '../errors/WebhookError.js'
import {
  invoiceEvents,
  paymentEvent,
  type WebhookEvent,
  type WebhookEventType,
  webhookBody,
} from '../events/WebhookEvent.js'
import type { WebhookCursor, WebhookDelivery, WebhookStore } from '../store/WebhookStore.js'
import { retryDelay, type WebhookRetry } from './retryDelay.js'

/** Where deliveries go. `id` names it in the outbox: keep it when the URL or secret changes. */
export interface WebhookEndpoint {
  id: string
  url: string
  /** `whsec_` and base64 (see `createWebhookSecret`). */
  secret: string
}

/** The outcome of one delivery attempt. */
export interface WebhookAttempt {
  eventId: string
  endpoint: string
  attempt: number
  ok: boolean
  /** The HTTP status, when there was an answer. */
  status: number | undefined
  /** When it will be tried again; undefined when delivered or given up. */
  retryAt: Date | undefined
}

export interface CreateWebhookSenderParameters {
  /** The node whose invoices and payments are told. */
  client: Client
  store: WebhookStore
  endpoints: readonly WebhookEndpoint[]
  /** Default all four. */
  events?: readonly WebhookEventType[] | undefined
  /** How often payments are read, ms. Default 1 000. */
  pollIntervalMs?: number | undefined
  /** Per delivery attempt, ms. Default 10 000. */
  timeoutMs?: number | undefined
  retry?: WebhookRetry | undefined
  /** Deliveries at once, shared evenly by the endpoints (at least one each). Default 4. */
  concurrency?: number | undefined
  fetch?: typeof globalThis.fetch | undefined
  onAttempt?: ((attempt: WebhookAttempt) => void) | undefined
  /** Told about what failed outside a delivery (reading the node, the store). */
  onError?: ((error: unknown) => void) | undefined
}

export interface WebhookSender {
  /** Reads the node from the stored cursor and delivers what is due, until `stop`. */
  start(): Promise<void>
  /** Stops reading and delivering; resolves once the attempts under way have ended. */
  stop(): Promise<void>
}

const ALL: readonly WebhookEventType[] = [
  'invoice.created',
  'invoice.settled',
  'payment.succeeded',
  'payment.failed',
]
const larger = (a: bigint, b: bigint) => (a > b ? a : b)

/** Payments read in flight and waited on, at most: past that, the reading pauses. */
const MAX_IN_FLIGHT = 1_000

/**
 * Delivers a node's invoice and payment events to `endpoints`, at least once
 * each, signed as Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`). Events go through the `store` first: each is keyed
 * by lnd's own index (an invoice's add or settle index, a payment's index),
 * and recorded with the cursor in one write, so after a restart the sender
 * reads on from where it stopped: nothing is missed, and an event already
 * recorded is never recorded, so never sent, as new again. A delivery that
 * fails (not a 2xx, a redirect, a timeout) is retried with doubling delays
 * and jitter, with the same `webhook-id`, until `maxAttempts`. On its first
 * start, with no cursor stored, it starts at the node's latest invoice and
 * payment.
 *
 * @example
 * const sender = createWebhookSender({
 *   client,
 *   store: sqliteWebhookStore('webhooks.db'), // node:sqlite on Node 22.13+, else better-sqlite3
 *   endpoints: [{ id: 'shop', url: 'https://shop.example/hooks/lightning', secret }],
 * })
 * await sender.start()
 */
export function createWebhookSender(parameters: CreateWebhookSenderParameters): WebhookSender {
  assertObject(parameters, 'parameters')
  const { client, store, endpoints } = parameters
  if (!Array.isArray(endpoints) || endpoints.length === 0)
    throw new WebhookError('WEBHOOK_CONFIG', 'A webhook sender needs at least one endpoint.')
  const secrets = new Map<string, { url: string; signer: Webhook }>()
  for (const endpoint of endpoints) {
    let url: URL
    try {
      url = new URL(endpoint.url)
    } catch (cause) {
      throw new WebhookError('WEBHOOK_CONFIG', `Endpoint ${endpoint.id}'s URL is not a URL.`, {
        cause,
      })
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new WebhookError('WEBHOOK_CONFIG', `Endpoint ${endpoint.id}'s URL is not http(s).`)
    if (!/^whsec_[A-Za-z0-9+/=]{16,}$/.test(endpoint.secret ?? ''))
      throw new WebhookError('WEBHOOK_CONFIG', `Endpoint ${endpoint.id}'s secret is not whsec_….`)
    if (secrets.has(endpoint.id))
      throw new WebhookError('WEBHOOK_CONFIG', `Two endpoints are named ${endpoint.id}.`)
    secrets.set(endpoint.id, { url: url.href, signer: new Webhook(endpoint.secret) })
  }
  const ids = [...secrets.keys()]
  const wanted = new Set(parameters.events ?? ALL)
  const tellsPayments = wanted.has('payment.succeeded') || wanted.has('payment.failed')
  const pollIntervalMs = parameters.pollIntervalMs ?? 1_000
  const timeoutMs = parameters.timeoutMs ?? 10_000
  const concurrency = parameters.concurrency ?? 4
  const retry = {
    initialDelayMs: parameters.retry?.initialDelayMs ?? 5_000,
    maxDelayMs: parameters.retry?.maxDelayMs ?? 3_600_000,
    maxAttempts: parameters.retry?.maxAttempts ?? 15,
  }
  assertInteger(pollIntervalMs, 'pollIntervalMs', { min: 10 })
  assertInteger(timeoutMs, 'timeoutMs', { min: 1 })
  assertInteger(concurrency, 'concurrency', { min: 1, max: 64 })
  assertInteger(retry.initialDelayMs, 'retry.initialDelayMs', { min: 1 })
  assertInteger(retry.maxDelayMs, 'retry.maxDelayMs', { min: retry.initialDelayMs })
  assertInteger(retry.maxAttempts, 'retry.maxAttempts', { min: 1 })
  const fetch = parameters.fetch ?? globalThis.fetch

  let cursor: WebhookCursor | undefined
  let running = false
  let unwatch: Unwatch | undefined
  let pollTimer: ReturnType<typeof setTimeout> | undefined
  let deliverTimer: ReturnType<typeof setTimeout> | undefined
  // Every read of the node and write of the cursor, one at a time.
  let queue: Promise<void> = Promise.resolve()
  const attempts = new Set<Promise<void>>()
  const busy = new Set<string>()
  let stopping = new AbortController()

  const report = (error: unknown) => {
    try {
      parameters.onError?.(error)
    } catch {
      // a listener cannot stop the sender
    }
  }
  const serial = (task: () => Promise<void>) => {
    const next = queue.then(task).catch(report)
    queue = next
    return next
  }
  const keep = (events: WebhookEvent[]) => events.filter((event) => wanted.has(event.type))

  // Set when an invoice event could not be recorded: later events are not
  // taken (the cursor would pass the lost one) until the subscription is
  // opened again from the stored cursor, and lnd replays from there.
  let invoicesBroken = false

  function onInvoice(invoice: Invoice) {
    void serial(async () => {
      if (!running || cursor === undefined || invoicesBroken) return
      const next = {
        ...cursor,
        addIndex: larger(invoice.addIndex, cursor.addIndex),
        settleIndex: larger(invoice.settleIndex, cursor.settleIndex),
      }
      try {
        await store.record(keep(invoiceEvents(invoice)), ids, next)
      } catch (error) {
        invoicesBroken = true
        report(error)
        setTimeout(resubscribe, 1_000)
        return
      }
      cursor = next
      kick()
    })
  }

  function subscribe() {
    if (cursor === undefined) return
    unwatch?.()
    unwatch = watchInvoices(client, {
      ...(cursor.addIndex > 0n ? { addIndex: cursor.addIndex } : {}),
      ...(cursor.settleIndex > 0n ? { settleIndex: cursor.settleIndex } : {}),
      onUpdate: onInvoice,
      onError: report,
    })
  }

  function resubscribe() {
    void serial(async () => {
      if (!running) return
      invoicesBroken = false
      subscribe()
    })
  }

  /**
   * lnd replays settlements only after a settle index above 0: while none
   * has been seen, each start reads the invoices to find those settled
   * meanwhile (recording them again adds nothing).
   */
  async function settledSinceStart() {
    if (cursor === undefined || cursor.settleIndex > 0n) return
    for await (const invoices of invoicePages()) {
      const settled = invoices.filter((invoice) => invoice.settleIndex > 0n)
      if (settled.length === 0) continue
      const from: WebhookCursor = cursor
      const next: WebhookCursor = {
        ...from,
        settleIndex: settled.reduce((max, i) => larger(max, i.settleIndex), from.settleIndex),
      }
      await store.record(
        keep(settled.flatMap(invoiceEvents).filter((e) => e.type === 'invoice.settled')),
        ids,
        next,
      )
      cursor = next
    }
  }

  /** Every invoice of the node, a page at a time, oldest first. */
  async function* invoicePages(): AsyncGenerator<Invoice[]> {
    let indexOffset = 0n
    for (;;) {
      const page = await listInvoices(
        client,
        { indexOffset, maxInvoices: 1_000 },
        { signal: stopping.signal },
      )
      yield page.invoices
      if (page.invoices.length < 1_000) return
      indexOffset = page.lastIndexOffset
    }
  }

  async function readPayments() {
    if (cursor === undefined) return
    const events: WebhookEvent[] = []
    const inFlight: bigint[] = []
    const options = { signal: stopping.signal }
    if (cursor.inFlight.length > 0) {
      // One read from the oldest one still in flight, not one per payment
      // (the list is in index order: each read appends in lnd's order).
      const first = cursor.inFlight[0]!
      const last = cursor.inFlight.at(-1)!
      const page = await listPayments(
        client,
        {
          indexOffset: first - 1n,
          maxPayments: Number(last - first + 1n),
          includeIncomplete: true,
        },
        options,
      )
      const waiting = new Set(cursor.inFlight)
      for (const payment of page.payments) {
        if (!waiting.has(payment.paymentIndex)) continue
        waiting.delete(payment.paymentIndex)
        const event = paymentEvent(payment)
        if (event) events.push(event)
        else inFlight.push(payment.paymentIndex)
      }
    }
    let paymentIndex = cursor.paymentIndex
    if (inFlight.length < MAX_IN_FLIGHT) {
      const page = await listPayments(
        client,
        { indexOffset: paymentIndex, maxPayments: 100, includeIncomplete: true },
        options,
      )
      for (const payment of page.payments) {
        if (inFlight.length >= MAX_IN_FLIGHT) break
        const event = paymentEvent(payment)
        if (event) events.push(event)
        else inFlight.push(payment.paymentIndex)
        paymentIndex = payment.paymentIndex
      }
    }
    const kept = keep(events)
    const moved =
      paymentIndex !== cursor.paymentIndex ||
      inFlight.length !== cursor.inFlight.length ||
      inFlight.some((index, i) => index !== cursor?.inFlight[i])
    // A poll that found nothing new writes nothing.
    if (kept.length === 0 && !moved) return
    const next = { ...cursor, paymentIndex, inFlight }
    await store.record(kept, ids, next)
    cursor = next
    if (kept.length > 0) kick()
  }

  function schedulePoll() {
    if (!running) return
    pollTimer = setTimeout(() => {
      void serial(readPayments).finally(schedulePoll)
    }, pollIntervalMs)
  }

  function kick(delayMs = 0) {
    if (!running) return
    if (deliverTimer !== undefined) clearTimeout(deliverTimer)
    deliverTimer = setTimeout(() => {
      deliverTimer = undefined
      void deliverDue()
    }, delayMs)
  }

  let scanning = false
  let scanAgain = false
  // Deliveries that ended since the current read of the outbox began: that
  // read may predate their outcome, so they are not taken from it.
  const ended = new Set<string>()

  async function deliverDue() {
    if (!running) return
    if (scanning) {
      scanAgain = true
      return
    }
    scanning = true
    ended.clear()
    // Each endpoint has its share of the attempts: one that fails or hangs
    // cannot hold the others' deliveries back.
    const share = Math.max(1, Math.floor(concurrency / ids.length))
    const now = Date.now()
    for (const endpoint of ids) {
      const active = [...busy].filter((key) => key.endsWith(`\n${endpoint}`)).length
      if (active >= share) continue
      let due: WebhookDelivery[] = []
      try {
        due = await store.due(now, share * 2, endpoint)
      } catch (error) {
        report(error)
      }
      let started = active
      for (const delivery of due) {
        if (started >= share || attempts.size >= Math.max(concurrency, ids.length)) break
        const key = `${delivery.event.id}\n${delivery.endpoint}`
        if (busy.has(key) || ended.has(key)) continue
        busy.add(key)
        started++
        const attempt = deliver(delivery).finally(() => {
          busy.delete(key)
          ended.add(key)
          attempts.delete(attempt)
          kick()
        })
        attempts.add(attempt)
      }
    }
    scanning = false
    // Retries come due with time: look again soon.
    kick(scanAgain ? 0 : attempts.size >= concurrency ? 1_000 : 250)
    scanAgain = false
  }

  async function deliver({ event, endpoint, attempts: before }: WebhookDelivery) {
    const target = secrets.get(endpoint)
    const attempt = before + 1
    let status: number | undefined
    let error = ''
    if (target === undefined) {
      error = 'the endpoint is no longer configured'
    } else {
      const body = webhookBody(event)
      const now = new Date()
      const deadline = deadlineSignal(timeoutMs, stopping.signal)
      try {
        const response = await fetch(target.url, {
          method: 'POST',
          redirect: 'manual',
          signal: deadline.signal,
          headers: {
            'content-type': 'application/json',
            'webhook-id': event.id,
            'webhook-timestamp': String(Math.floor(now.getTime() / 1_000)),
            'webhook-signature': target.signer.sign(event.id, now, body),
          },
          body,
        })
        status = response.status
        await response.body?.cancel().catch(() => {})
        if (status >= 200 && status < 300) {
          await store.delivered(event.id, endpoint, Date.now())
          tell({ eventId: event.id, endpoint, attempt, ok: true, status, retryAt: undefined })
          return
        }
        error = `HTTP ${status}`
      } catch (cause) {
        error = deadline.timedOut() ? 'timeout' : cause instanceof Error ? cause.name : 'failed'
      } finally {
        deadline.clear()
      }
    }
    if (stopping.signal.aborted) return
    const delay = retryDelay(attempt, retry)
    const retryAt = delay === undefined ? undefined : Date.now() + delay
    try {
      await store.failed(event.id, endpoint, attempt, retryAt, error)
    } catch (cause) {
      report(cause)
    }
    tell({
      eventId: event.id,
      endpoint,
      attempt,
      ok: false,
      status,
      retryAt: retryAt === undefined ? undefined : new Date(retryAt),
    })
  }

  const tell = (attempt: WebhookAttempt) => {
    try {
      parameters.onAttempt?.(attempt)
    } catch {
      // a listener cannot stop the sender
    }
  }

  async function firstCursor(): Promise<WebhookCursor> {
    const payments = tellsPayments
      ? await listPayments(client, { reversed: true, maxPayments: 1, includeIncomplete: true })
      : { payments: [] }
    // The highest settle index is not on the latest invoice: read them all once.
    let addIndex = 0n
    let settleIndex = 0n
    for await (const invoices of invoicePages()) {
      for (const invoice of invoices) {
        addIndex = larger(addIndex, invoice.addIndex)
        settleIndex = larger(settleIndex, invoice.settleIndex)
      }
    }
    return {
      addIndex,
      settleIndex,
      paymentIndex: payments.payments[0]?.paymentIndex ?? 0n,
      inFlight: [],
    }
  }

  return {
    async start() {
      if (running) return
      stopping = new AbortController()
      cursor = await store.loadCursor()
      if (cursor === undefined) {
        cursor = await firstCursor()
        await store.record([], ids, cursor)
      } else {
        await settledSinceStart()
      }
      running = true
      invoicesBroken = false
      subscribe()
      // Payments are read only when some are told: an invoice-only macaroon is enough otherwise.
      if (tellsPayments) void serial(readPayments).finally(schedulePoll)
      kick()
    },
    async stop() {
      if (!running) return
      running = false
      unwatch?.()
      clearTimeout(pollTimer)
      clearTimeout(deliverTimer)
      stopping.abort()
      await queue
      await Promise.allSettled([...attempts])
    },
  }
}
