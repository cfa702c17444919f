import { sat, short, usd } from '../lib/format.js'
import type { Order } from '../lib/types.js'

/** The paid page: what was bought, what was paid, and the proof of payment. */
export function ReceiptCard({ order }: { order: Order }) {
  const receipt = order.receipt
  if (!receipt) return null
  return (
    <div className="receipt" data-testid="receipt">
      <h3>✅ Paid: thank you!</h3>
      <table>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.productId}>
              <td>
                {line.quantity}× {line.name}
              </td>
              <td>{usd(BigInt(line.unitCents) * BigInt(line.quantity))}</td>
            </tr>
          ))}
          <tr>
            <th>Total</th>
            <th>{usd(receipt.totalCents)}</th>
          </tr>
        </tbody>
      </table>
      <dl>
        <dt>Paid</dt>
        <dd data-testid="receipt-amount">{sat(receipt.amountMsat)}</dd>
        <dt>How</dt>
        <dd>
          {receipt.method === 'pay-later' ? 'Pay later (a loan paid the merchant)' : 'Lightning'}
        </dd>
        <dt>At</dt>
        <dd>{new Date(receipt.paidAtMs).toLocaleString()}</dd>
        <dt>Rate</dt>
        <dd>{usd(receipt.centsPerBtc)}/BTC</dd>
        <dt>Payment hash</dt>
        <dd>
          <code>{short(receipt.paymentHash, 16)}</code>
        </dd>
        {receipt.preimage && (
          <>
            <dt>Preimage (proof)</dt>
            <dd>
              <code>{short(receipt.preimage, 16)}</code>
            </dd>
          </>
        )}
      </dl>
    </div>
  )
}
