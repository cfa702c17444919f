import { randomUUID } from 'node:crypto'
import type { Invoice } from '@btcfi/core'
import { valueMsat } from '@btcfi/loans'
import type { LightningClient } from '@btcfi/sdk'
import { listeners } from '../http/listeners.js'
import type { Order, OrderInvoice, OrderMethod } from './Order.js'
import { priceLines, totalCents } from './priceLines.js'

/** A pay-later invoice outlives the desk's lock invoice (600 s by default) with room to spare. */
const PAY_LATER_EXPIRY_SECONDS = 3_600

export interface OrdersParameters {
  /** The merchant's node. */
  client: LightningClient
  /** BTC/USD now, US cents per bitcoin. */
  price: () => Promise<bigint>
  /** How long a checkout invoice is good for. Default 600 s. */
  expirySeconds?: number
  /**
   * What turns an order PAID. `webhook` (the default): the app's webhook
   * endpoint calls `settle` on a verified `invoice.settled`; `watcher`: the
   * SDK's invoice watcher, on the node directly (`followNode` switches to it).
   */
  settledBy?: 'webhook' | 'watcher'
}

export interface CreateOrderParameters {
  cart: Record<string, number>
  method?: OrderMethod
  /** For `pay-later`: the amount the loan desk will pay (the principal it quoted). */
  amountMsat?: bigint
  expirySeconds?: number
}

export type Orders = ReturnType<typeof createOrders>

/**
 * The shop's orders: each gets an invoice on the merchant's node. It is
 * paid (with a receipt) when the app's webhook endpoint hears of its
 * settlement (`settle`), or, with `settledBy: 'watcher'`, when the SDK's
 * invoice watcher sees it; it expires with its invoice (then `renew` bills
 * the same order again). At expiry the node is asked once more, so a
 * settlement whose webhook never came still pays the order.
 */
export function createOrders({
  client,
  price,
  expirySeconds = 600,
  settledBy = 'webhook',
}: OrdersParameters) {
  const orders = new Map<string, Order>()
  const byHash = new Map<string, string>()
  const orderOf = (paymentHash: string) => orders.get(byHash.get(paymentHash) ?? '')
  const updates = listeners<Order>()
  const stops = new Map<string, () => void>()
  let mode = settledBy

  const changed = (order: Order) => updates.emit(order.id, order)

  async function bill(order: Order, seconds: number): Promise<OrderInvoice> {
    const added = await client.createInvoice({
      amountMsat: order.amountMsat,
      memo: `Order ${order.id.slice(0, 8)}: ${order.lines.map((l) => `${l.quantity}× ${l.name}`).join(', ')}`,
      expirySeconds: seconds,
    })
    const createdAtMs = Date.now()
    const invoice: OrderInvoice = {
      paymentHash: added.paymentHash,
      paymentRequest: added.paymentRequest,
      amountMsat: order.amountMsat,
      createdAtMs,
      expiresAtMs: createdAtMs + seconds * 1000,
      state: 'OPEN',
    }
    order.invoices.push(invoice)
    order.status = 'AWAITING_PAYMENT'
    byHash.set(invoice.paymentHash, order.id)
    watch(order, invoice)
    changed(order)
    return invoice
  }

  function expire(order: Order, invoice: OrderInvoice) {
    if (invoice.state !== 'OPEN') return
    invoice.state = 'EXPIRED'
    if (order.status === 'AWAITING_PAYMENT' && order.invoices.at(-1) === invoice) {
      order.status = 'EXPIRED'
    }
    changed(order)
  }

  /** The order is paid by this settled invoice of the node. */
  function paid(order: Order, invoice: OrderInvoice, update: Invoice) {
    if (invoice.state === 'SETTLED') return
    invoice.state = 'SETTLED'
    order.status = 'PAID'
    order.receipt = {
      orderId: order.id,
      paymentHash: update.paymentHash,
      preimage: update.preimage,
      amountMsat: update.amountPaidMsat,
      totalCents: order.totalCents,
      centsPerBtc: order.centsPerBtc,
      paidAtMs: update.settledAt?.getTime() ?? Date.now(),
      method: order.method,
    }
    changed(order)
    stops.get(invoice.paymentHash)?.()
  }

  function watch(order: Order, invoice: OrderInvoice) {
    // lnd cancels an invoice once it expires; the timer is a backstop, and
    // it pays the order if the invoice was settled but no one said so.
    const timer = setTimeout(
      () => {
        client
          .getInvoice({ paymentHash: invoice.paymentHash })
          .then((found) => {
            if (found.state === 'SETTLED') paid(order, invoice, found)
            else expire(order, invoice)
          })
          .catch(() => expire(order, invoice))
      },
      invoice.expiresAtMs - Date.now() + 1_500,
    )
    const unwatch =
      mode === 'watcher'
        ? client.watchInvoice({
            paymentHash: invoice.paymentHash,
            onUpdate: (update) => {
              if (update.state === 'SETTLED') paid(order, invoice, update)
              else if (update.state === 'CANCELED') {
                expire(order, invoice)
                stop()
              }
            },
          })
        : () => {}
    const stop = () => {
      clearTimeout(timer)
      unwatch()
      stops.delete(invoice.paymentHash)
    }
    stops.get(invoice.paymentHash)?.()
    stops.set(invoice.paymentHash, stop)
  }

  return {
    async create(parameters: CreateOrderParameters): Promise<Order> {
      const lines = priceLines(parameters.cart)
      const total = totalCents(lines)
      const centsPerBtc = await price()
      const fair = valueMsat({ amount: total, currency: 'USD', centsPerBtc }, 'ceil')
      const method = parameters.method ?? 'lightning'
      let amountMsat = fair
      if (method === 'pay-later') {
        // The desk pays its own valuation of the same dollars: accept it within 1%.
        const offered = parameters.amountMsat
        if (offered === undefined || offered * 100n < fair * 99n || offered * 100n > fair * 101n) {
          throw new RangeError(
            'A pay-later order needs the amount of the quote, within 1% of the cart.',
          )
        }
        amountMsat = offered
      }
      const order: Order = {
        id: randomUUID(),
        lines,
        totalCents: total,
        centsPerBtc,
        amountMsat,
        method,
        status: 'AWAITING_PAYMENT',
        invoices: [],
        createdAtMs: Date.now(),
        receipt: undefined,
      }
      orders.set(order.id, order)
      // The desk refuses an invoice that could expire before its collateral lock is paid.
      const seconds = parameters.expirySeconds ?? expirySeconds
      await bill(
        order,
        method === 'pay-later' ? Math.max(seconds, PAY_LATER_EXPIRY_SECONDS) : seconds,
      )
      return order
    },
    /** A new invoice for an order whose invoice expired. */
    async renew(id: string, seconds = expirySeconds): Promise<Order> {
      const order = orders.get(id)
      if (!order) throw new RangeError(`No order ${id}.`)
      if (order.status !== 'EXPIRED') throw new RangeError(`Order ${id} is ${order.status}.`)
      await bill(order, seconds)
      return order
    },
    get: (id: string) => orders.get(id),
    list: () => [...orders.values()],
    orderOf,
    /**
     * A verified `invoice.settled` for `paymentHash`: the order it bills is
     * PAID, its receipt read from the node (with the preimage). Undefined
     * for an invoice that is not an order's; throws (so the sender retries)
     * when the node cannot be read or does not hold the invoice settled.
     */
    async settle(paymentHash: string): Promise<Order | undefined> {
      const order = orderOf(paymentHash)
      const invoice = order?.invoices.find((i) => i.paymentHash === paymentHash)
      if (!order || !invoice) return undefined
      if (invoice.state === 'SETTLED') return order
      const found = await client.getInvoice({ paymentHash })
      if (found.state !== 'SETTLED') {
        throw new Error(`The node holds invoice ${paymentHash} ${found.state}, not settled.`)
      }
      paid(order, invoice, found)
      return order
    },
    /** Order status from the node's invoice watcher from now on (when webhooks cannot run). */
    followNode() {
      if (mode === 'watcher') return
      mode = 'watcher'
      for (const order of orders.values()) {
        const open = order.invoices.filter((i) => i.state === 'OPEN')
        for (const invoice of open) watch(order, invoice)
      }
    },
    subscribe: (id: string, listener: (order: Order) => void) => updates.on(id, listener),
    close() {
      for (const stop of [...stops.values()]) stop()
    },
  }
}
