import type { Order } from '../shop/Order.js'

const cell = (value: unknown) => {
  const text = String(value ?? '')
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** The orders as CSV, one line per invoice (amounts in msat and US cents: exact, no floats). */
export function ordersCsv(orders: readonly Order[]): string {
  const header = [
    'order_id',
    'created_at',
    'method',
    'status',
    'items',
    'total_cents',
    'cents_per_btc',
    'amount_msat',
    'payment_hash',
    'invoice_state',
    'paid_at',
  ]
  const rows = orders.flatMap((order) =>
    order.invoices.map((invoice) => [
      order.id,
      new Date(order.createdAtMs).toISOString(),
      order.method,
      order.status,
      order.lines.map((l) => `${l.quantity}x ${l.productId}`).join(' '),
      order.totalCents,
      order.centsPerBtc,
      invoice.amountMsat,
      invoice.paymentHash,
      invoice.state,
      invoice.state === 'SETTLED' && order.receipt
        ? new Date(order.receipt.paidAtMs).toISOString()
        : '',
    ]),
  )
  return `${[header, ...rows].map((row) => row.map(cell).join(',')).join('\n')}\n`
}
