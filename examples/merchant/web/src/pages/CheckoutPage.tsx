import { useState } from 'react'
import { Cart } from '../components/Cart.js'
import { Countdown } from '../components/Countdown.js'
import { InvoiceQr } from '../components/InvoiceQr.js'
import { ReceiptCard } from '../components/ReceiptCard.js'
import { TipPanel } from '../components/TipPanel.js'
import { api } from '../lib/api.js'
import { sat } from '../lib/format.js'
import type { Order } from '../lib/types.js'
import { useEventSource } from '../lib/useEventSource.js'

/** `#/checkout?expiry=20`: invoices that expire sooner (to see one expire). */
const expirySeconds = () => {
  const value = Number(new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('expiry'))
  return Number.isInteger(value) && value >= 5 ? value : undefined
}

/** Cart → invoice (QR, text, countdown) → live status over SSE → receipt; an expired invoice offers a new one. */
export function CheckoutPage({
  cart,
  setCart,
  payWithWallet,
}: {
  cart: Record<string, number>
  setCart: (cart: Record<string, number>) => void
  payWithWallet: (paymentRequest: string) => void
}) {
  const [orderId, setOrderId] = useState<string>()
  const [error, setError] = useState<string>()
  const order = useEventSource<Order>(orderId ? `/orders/${orderId}/events` : undefined, 'order')
  const invoice = order?.invoices.at(-1)

  const checkout = async () => {
    setError(undefined)
    try {
      const created = await api<Order>('/orders', { cart, expirySeconds: expirySeconds() })
      setOrderId(created.id)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const renew = async () => {
    if (!orderId) return
    // The new invoice gets the shop's usual lifetime.
    await api<Order>(`/orders/${orderId}/renew`, {}).catch((e: Error) => setError(e.message))
  }

  return (
    <section>
      <h2>Checkout</h2>
      {!orderId && (
        <>
          <Cart cart={cart} setCart={setCart} />
          <button type="button" className="primary" data-testid="checkout" onClick={checkout}>
            Pay with Lightning
          </button>
          <TipPanel />
        </>
      )}
      {error && <p className="error">{error}</p>}
      {order && invoice && (
        <div className="card">
          <p>
            Order <code>{order.id.slice(0, 8)}</code>: <strong>{sat(order.amountMsat)}</strong>{' '}
            <span className={`status ${order.status}`} data-testid="order-status">
              {order.status.replace('_', ' ').toLowerCase()}
            </span>
          </p>
          {order.status === 'AWAITING_PAYMENT' && (
            <>
              <InvoiceQr paymentRequest={invoice.paymentRequest} />
              <Countdown untilMs={invoice.expiresAtMs} />
              <p>
                <button
                  type="button"
                  data-testid="pay-with-wallet"
                  onClick={() => payWithWallet(invoice.paymentRequest)}
                >
                  Open in the customer wallet →
                </button>
              </p>
              <p className="muted">
                Waiting for the payment: the merchant's node tells the shop's webhook endpoint the
                moment it settles, and the shop this page.
              </p>
            </>
          )}
          {order.status === 'EXPIRED' && (
            <p>
              This invoice expired unpaid.{' '}
              <button type="button" className="primary" data-testid="renew" onClick={renew}>
                Get a new invoice
              </button>
            </p>
          )}
          {order.status === 'PAID' && <ReceiptCard order={order} />}
          {order.invoices.length > 1 && (
            <p className="muted" data-testid="invoice-count">
              {order.invoices.length} invoices for this order (
              {order.invoices.filter((i) => i.state === 'EXPIRED').length} expired)
            </p>
          )}
          {order.status === 'PAID' && (
            <button type="button" onClick={() => setOrderId(undefined)}>
              New order
            </button>
          )}
        </div>
      )}
    </section>
  )
}
