import { hasErrorCode } from '@btcfi/core'
import fc from 'fast-check'
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { webhookBody } from '../events/WebhookEvent.js'
import { createWebhookSecret } from '../sender/createWebhookSecret.js'
import { verifyWebhook } from './verifyWebhook.js'

const secret = createWebhookSecret()
const event = {
  id: 'evt_invoice_settled_7',
  type: 'invoice.settled' as const,
  occurredAt: new Date('2026-12-07T10:00:00Z'),
  data: { paymentHash: 'ab'.repeat(32), amountPaidMsat: '21000' },
}

function signed(at = new Date(), body = webhookBody(event), key = secret) {
  return {
    body,
    headers: {
      'webhook-id': event.id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1_000)),
      'webhook-signature': new Webhook(key).sign(event.id, at, body),
    },
  }
}

describe('verifyWebhook (Standard Webhooks)', () => {
  it('returns the event of a delivery signed with the secret', () => {
    const { body, headers } = signed()
    expect(verifyWebhook({ secret, body, headers })).toEqual({
      id: event.id,
      type: 'invoice.settled',
      timestamp: '2026-12-07T10:00:00.000Z',
      data: event.data,
    })
    expect(verifyWebhook({ secret, body, headers: new Headers(headers) }).id).toBe(event.id)
  })

  it('refuses another secret, a changed body or id, an old or future timestamp, missing headers', () => {
    const good = signed()
    const cases = [
      signed(new Date(), webhookBody(event), createWebhookSecret()),
      { ...good, body: good.body.replace('21000', '91000') },
      { ...good, headers: { ...good.headers, 'webhook-id': 'evt_invoice_settled_8' } },
      signed(new Date(Date.now() - 10 * 60_000)),
      signed(new Date(Date.now() + 10 * 60_000)),
      { ...good, headers: { 'webhook-id': event.id } },
    ]
    for (const { body, headers } of cases) {
      let error: unknown
      try {
        verifyWebhook({ secret, body, headers })
      } catch (caught) {
        error = caught
      }
      expect(hasErrorCode(error, 'WEBHOOK_UNVERIFIED')).toBe(true)
    }
  })

  it('only ever throws WEBHOOK_UNVERIFIED on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.dictionary(
          fc.constantFrom('webhook-id', 'webhook-timestamp', 'webhook-signature', 'x'),
          fc.string(),
        ),
        (body, headers) => {
          try {
            verifyWebhook({ secret, body, headers })
          } catch (error) {
            expect(hasErrorCode(error, 'WEBHOOK_UNVERIFIED')).toBe(true)
          }
        },
      ),
    )
  })
})
