import { Hono } from 'hono'
import { eventStream } from '../http/eventStream.js'
import { jsonResponse } from '../http/json.js'
import { bigintField, readBody, secondsField } from '../http/readBody.js'
import { catalog } from './catalog.js'
import type { Orders } from './createOrders.js'

/** The shop's API: the catalog, orders with their invoices, and each order's live status (SSE). */
export function checkoutRoutes({
  orders,
  price,
}: {
  orders: Orders
  price: () => Promise<bigint>
}) {
  return new Hono()
    .get('/catalog', async () => jsonResponse({ products: catalog, centsPerBtc: await price() }))
    .post('/orders', async (c) => {
      const body = await readBody(c)
      const cart = (typeof body.cart === 'object' && body.cart !== null ? body.cart : {}) as Record<
        string,
        number
      >
      const method = body.method === 'pay-later' ? 'pay-later' : 'lightning'
      const expirySeconds = secondsField(body.expirySeconds)
      const order = await orders.create({
        cart,
        method,
        ...(method === 'pay-later'
          ? { amountMsat: bigintField(body.amountMsat, 'amountMsat') }
          : {}),
        ...(expirySeconds === undefined ? {} : { expirySeconds }),
      })
      return jsonResponse(order, 201)
    })
    .get('/orders/:id', (c) => {
      const order = orders.get(c.req.param('id'))
      return order ? jsonResponse(order) : jsonResponse({ error: 'No such order.' }, 404)
    })
    .post('/orders/:id/renew', async (c) => {
      const seconds = secondsField((await readBody(c)).expirySeconds)
      return jsonResponse(await orders.renew(c.req.param('id'), seconds))
    })
    .get('/orders/:id/events', (c) => {
      const id = c.req.param('id')
      const order = orders.get(id)
      if (!order) return jsonResponse({ error: 'No such order.' }, 404)
      return eventStream(c.req.raw.signal, (send) => {
        send('order', order)
        return orders.subscribe(id, (update) => send('order', update))
      })
    })
}
