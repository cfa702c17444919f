import { Hono } from 'hono'
import { eventStream } from '../http/eventStream.js'
import { jsonResponse } from '../http/json.js'
import { bigintField, readBody, stringField } from '../http/readBody.js'
import type { Wallet } from './createWallet.js'

/** The customer's wallet panel: balances, pay, streams, loans. */
export function walletRoutes({ wallet }: { wallet: Wallet }) {
  return new Hono()
    .get('/', async () => jsonResponse({ ...(await wallet.balances()), streams: wallet.streams() }))
    .post('/pay', async (c) => {
      const paymentRequest = stringField(
        (await readBody(c)).paymentRequest,
        'paymentRequest',
      ).trim()
      return jsonResponse(await wallet.pay(paymentRequest))
    })
    .post('/streams', async (c) => {
      const body = await readBody(c)
      const session = stringField(body.session, 'session')
      return jsonResponse(
        await wallet.startStream({
          destination: stringField(body.destination, 'destination'),
          msatPerSecond: bigintField(body.msatPerSecond, 'msatPerSecond'),
          metadata: { session },
        }),
        201,
      )
    })
    .post('/streams/:id/stop', async (c) =>
      jsonResponse(await wallet.stopStream(c.req.param('id'))),
    )
    .post('/loans/quote', async (c) => {
      const principalCents = bigintField((await readBody(c)).principalCents, 'principalCents')
      return jsonResponse(await wallet.quote(principalCents), 201)
    })
    .post('/loans', async (c) => {
      const body = await readBody(c)
      return jsonResponse(
        await wallet.borrow(
          stringField(body.quoteId, 'quoteId'),
          stringField(body.paymentRequest, 'paymentRequest'),
        ),
        201,
      )
    })
    .get('/loans/:id', async (c) => jsonResponse(await wallet.loan(c.req.param('id'))))
    .post('/loans/:id/repay', async (c) => jsonResponse(await wallet.repay(c.req.param('id'))))
    .get('/loans/:id/events', async (c) => {
      const id = c.req.param('id')
      const first = await wallet.loan(id)
      return eventStream(c.req.raw.signal, (send) => {
        send('loan', first)
        return wallet.subscribeLoan(id, (update) => send('loan', update))
      })
    })
}
