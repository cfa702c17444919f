import { describe, expect, it } from 'vitest'
import type { Order } from '../shop/Order.js'
import { ordersCsv } from './ordersCsv.js'

describe('ordersCsv', () => {
  it('writes one line per invoice with exact amounts, quoting what needs it', () => {
    const order: Order = {
      id: 'o1',
      lines: [{ productId: 'beans', name: 'Coffee beans', quantity: 2, unitCents: 1_800n }],
      totalCents: 3_600n,
      centsPerBtc: 10_000_000n,
      amountMsat: 36_000_000n,
      method: 'lightning',
      status: 'PAID',
      invoices: [
        {
          paymentHash: 'aa',
          paymentRequest: 'lnbcrt1',
          amountMsat: 36_000_000n,
          createdAtMs: 0,
          expiresAtMs: 1,
          state: 'EXPIRED',
        },
        {
          paymentHash: 'bb',
          paymentRequest: 'lnbcrt2',
          amountMsat: 36_000_000n,
          createdAtMs: 2,
          expiresAtMs: 3,
          state: 'SETTLED',
        },
      ],
      createdAtMs: 0,
      receipt: {
        orderId: 'o1',
        paymentHash: 'bb',
        preimage: undefined,
        amountMsat: 36_000_000n,
        totalCents: 3_600n,
        centsPerBtc: 10_000_000n,
        paidAtMs: 1_000,
        method: 'lightning',
      },
    }
    const [header, expired, settled, end] = ordersCsv([order]).split('\n')
    expect(header).toBe(
      'order_id,created_at,method,status,items,total_cents,cents_per_btc,amount_msat,payment_hash,invoice_state,paid_at',
    )
    expect(expired).toBe(
      'o1,1970-01-01T00:00:00.000Z,lightning,PAID,2x beans,3600,10000000,36000000,aa,EXPIRED,',
    )
    expect(settled).toMatch(/,bb,SETTLED,1970-01-01T00:00:01.000Z$/)
    expect(end).toBe('')
    expect(ordersCsv([{ ...order, id: 'a,"b"' }])).toContain('"a,""b"""')
  })
})
