import { useState } from 'react'
import { Cart } from '../components/Cart.js'
import { LoanEvents } from '../components/LoanEvents.js'
import { LoanProtocol } from '../components/LoanProtocol.js'
import { LtvMeter } from '../components/LtvMeter.js'
import { ReceiptCard } from '../components/ReceiptCard.js'
import { api } from '../lib/api.js'
import { percent, sat, satOf, short, usd } from '../lib/format.js'
import type { Order, Quote, WalletLoan } from '../lib/types.js'
import { useEventSource } from '../lib/useEventSource.js'

const hashParam = (name: string) =>
  new URLSearchParams(window.location.hash.split('?')[1] ?? '').get(name) ?? undefined

/**
 * Buy now, pay later: the customer's wallet borrows the price of the cart
 * from a loan desk against Bitcoin collateral (a held HTLC), the desk pays the
 * merchant's invoice, the customer repays later. Under protocol v2 an escrow
 * agent holds the lock's preimage: the page names it, and what it says.
 */
export function PayLaterPage({
  cart,
  setCart,
}: {
  cart: Record<string, number>
  setCart: (cart: Record<string, number>) => void
}) {
  const [quote, setQuote] = useState<Quote>()
  // The loan and its order live in the address (#/pay-later?loan=…&order=…): a reload or a visit to Admin keeps them.
  const [orderId, setOrderId] = useState<string | undefined>(() => hashParam('order'))
  const [loanId, setLoanId] = useState<string | undefined>(() => hashParam('loan'))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const order = useEventSource<Order>(orderId ? `/orders/${orderId}/events` : undefined, 'order')
  const loan = useEventSource<WalletLoan>(
    loanId ? `/wallet/loans/${loanId}/events` : undefined,
    'loan',
  )

  const run = (fn: () => Promise<void>) => async () => {
    setBusy(true)
    setError(undefined)
    try {
      await fn()
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  const askQuote = run(async () => {
    const catalog = await api<{ products: { id: string; priceCents: string }[] }>('/catalog')
    const principalCents = catalog.products.reduce(
      (sum, p) => sum + BigInt(p.priceCents) * BigInt(cart[p.id] ?? 0),
      0n,
    )
    setQuote(await api<Quote>('/wallet/loans/quote', { principalCents: principalCents.toString() }))
  })
  const accept = run(async () => {
    if (!quote) return
    const created = await api<Order>('/orders', {
      cart,
      method: 'pay-later',
      amountMsat: quote.principalMsat,
    })
    setOrderId(created.id)
    const opened = await api<WalletLoan>('/wallet/loans', {
      quoteId: quote.id,
      paymentRequest: created.invoices.at(-1)!.paymentRequest,
    })
    setLoanId(opened.loan.id)
    window.history.replaceState(null, '', `#/pay-later?loan=${opened.loan.id}&order=${created.id}`)
  })
  const repay = run(async () => {
    if (loanId) await api(`/wallet/loans/${loanId}/repay`, {})
  })

  const view = loan?.loan
  return (
    <section>
      <h2>Pay later</h2>
      {!quote && !loanId && (
        <>
          <Cart cart={cart} setCart={setCart} />
          <button
            type="button"
            className="primary"
            data-testid="quote"
            disabled={busy}
            onClick={askQuote}
          >
            Pay later: borrow against my bitcoin
          </button>
        </>
      )}
      {quote && !loanId && (
        <div className="card" data-testid="quote-terms">
          <h3>The desk's quote</h3>
          <dl className="stats">
            <dt>Borrow</dt>
            <dd>
              {usd(quote.principal)}{' '}
              <span className="muted">(the desk pays {sat(quote.principalMsat)} to the shop)</span>
            </dd>
            <dt>Price</dt>
            <dd>{usd(quote.centsPerBtc)}/BTC</dd>
            <dt>LTV</dt>
            <dd>{percent(quote.terms.ltvBps)}</dd>
            <dt>APR</dt>
            <dd>{percent(quote.terms.aprBps)}</dd>
            <dt>Collateral</dt>
            <dd data-testid="quote-collateral">
              {satOf(quote.collateralSat)}, held as an HTLC in your channel
            </dd>
            <dt>Term</dt>
            <dd>{Math.round(quote.terms.termSeconds / 86_400)} days</dd>
            <dt>Margin call / liquidation</dt>
            <dd>
              {percent(quote.terms.marginCallLtvBps)} / {percent(quote.terms.liquidationLtvBps)} LTV
              (penalty {percent(quote.terms.penaltyBps)})
            </dd>
            <dt>Protocol</dt>
            <dd data-testid="quote-protocol">
              {quote.escrow ? (
                <>
                  v2: escrow agent{' '}
                  <code title={quote.escrow.agentPubkey}>{short(quote.escrow.agentPubkey, 8)}</code>{' '}
                  holds the lock's preimage; the desk takes the collateral only if the agent
                  releases it
                </>
              ) : (
                "v1: the desk holds the lock's preimage"
              )}
            </dd>
          </dl>
          <button
            type="button"
            className="primary"
            data-testid="accept"
            disabled={busy}
            onClick={accept}
          >
            Accept, lock the collateral and pay the shop
          </button>{' '}
          <button type="button" onClick={() => setQuote(undefined)}>
            Back
          </button>
        </div>
      )}
      {error && <p className="error">{error}</p>}
      {view && loan && (
        <div className="card">
          <p>
            Loan <code>{view.id.slice(0, 8)}</code>{' '}
            <span className={`status ${view.state}`} data-testid="loan-state">
              {view.state}
            </span>{' '}
            <span className="muted" data-testid="lock-state">
              collateral{' '}
              {loan.lock === 'HELD' ? `${satOf(view.collateralSat)} held` : loan.lock.toLowerCase()}
            </span>
          </p>
          <p>
            BTC {usd(loan.centsPerBtc)} · owed {usd(view.agreement.principal)} + interest{' '}
            {sat(view.interest.arrearsMsat)}
          </p>
          <LoanProtocol loan={loan} />
          <LtvMeter
            ltvBps={loan.ltvBps}
            marginCallBps={view.agreement.marginCallLtvBps}
            liquidationBps={view.agreement.liquidationLtvBps}
          />
          {view.marginCall && view.state === 'ACTIVE' && (
            <p className="warn" data-testid="margin-call">
              ⚠️ Margin call at {percent(view.marginCall.ltvBps)}: repay now
              {view.agreement.escrow ? '' : ', or add collateral,'} before the LTV reaches{' '}
              {percent(view.agreement.liquidationLtvBps)}.
            </p>
          )}
          {view.liquidation && (
            <div className="warn" data-testid="liquidation">
              🔥 Liquidated at {usd(view.liquidation.centsPerBtc)}/BTC: the desk kept{' '}
              {satOf(view.liquidation.keepSat)} of {satOf(view.liquidation.collateralSat)}; the
              surplus of <strong data-testid="surplus">{satOf(view.liquidation.surplusSat)}</strong>{' '}
              goes back to the wallet
              {loan.surplus &&
                ` (${loan.surplus.ok ? 'received' : 'on its way'}: ${sat(loan.surplus.receivedMsat)})`}
              .
            </div>
          )}
          {view.state === 'ACTIVE' && (
            <button
              type="button"
              className="primary"
              data-testid="repay"
              disabled={busy}
              onClick={repay}
            >
              Repay {usd(view.agreement.principal)} now
            </button>
          )}
          {view.state === 'REPAID' && (
            <p data-testid="repaid">✅ Repaid: the collateral is back in the wallet.</p>
          )}
          <LoanEvents events={loan.events} />
        </div>
      )}
      {order?.status === 'PAID' && <ReceiptCard order={order} />}
    </section>
  )
}
