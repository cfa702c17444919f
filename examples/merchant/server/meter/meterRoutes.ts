import { Hono } from 'hono'
import { eventStream } from '../http/eventStream.js'
import { jsonResponse } from '../http/json.js'
import type { Meter } from './createMeter.js'

/** The metered service: open a session, follow it live (SSE). */
export function meterRoutes({ meter }: { meter: Meter }) {
  return new Hono()
    .post('/sessions', async () => jsonResponse(await meter.offer(), 201))
    .get('/sessions/:id', (c) => {
      const session = meter.get(c.req.param('id'))
      return session ? jsonResponse(session) : jsonResponse({ error: 'No such session.' }, 404)
    })
    .get('/sessions/:id/events', (c) => {
      const id = c.req.param('id')
      const session = meter.get(id)
      if (!session) return jsonResponse({ error: 'No such session.' }, 404)
      return eventStream(c.req.raw.signal, (send) => {
        send('session', session)
        return meter.subscribe(id, (update) => send('session', update))
      })
    })
}
