import { sat, usd } from '../lib/format.js'
import type { Product } from '../lib/types.js'
import { usePolling } from '../lib/usePolling.js'

/** The shelf with quantities, the total in dollars and in sat at today's price. */
export function Cart({
  cart,
  setCart,
}: {
  cart: Record<string, number>
  setCart: (cart: Record<string, number>) => void
}) {
  const { data } = usePolling<{ products: Product[]; centsPerBtc: string }>('/catalog', 5_000)
  if (!data) return <p className="muted">loading the shelf…</p>
  const totalCents = data.products.reduce(
    (sum, p) => sum + BigInt(p.priceCents) * BigInt(cart[p.id] ?? 0),
    0n,
  )
  // msat = cents × 10^11 / centsPerBtc (rounded up, as the server bills).
  const price = BigInt(data.centsPerBtc)
  const msat = (totalCents * 100_000_000_000n + price - 1n) / price
  const set = (id: string, quantity: number) =>
    setCart({ ...cart, [id]: Math.max(0, Math.min(99, quantity)) })
  return (
    <div className="cart">
      <table>
        <tbody>
          {data.products.map((p) => (
            <tr key={p.id}>
              <td className="emoji">{p.emoji}</td>
              <td>
                <strong>{p.name}</strong>
                <div className="muted">{p.description}</div>
              </td>
              <td>{usd(p.priceCents)}</td>
              <td className="qty">
                <button type="button" onClick={() => set(p.id, (cart[p.id] ?? 0) - 1)}>
                  −
                </button>
                <span data-testid={`qty-${p.id}`}>{cart[p.id] ?? 0}</span>
                <button
                  type="button"
                  data-testid={`add-${p.id}`}
                  onClick={() => set(p.id, (cart[p.id] ?? 0) + 1)}
                >
                  +
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="total" data-testid="cart-total">
        Total {usd(totalCents)}{' '}
        <span className="muted">
          ≈ {sat(msat)} at {usd(data.centsPerBtc)}/BTC
        </span>
      </p>
    </div>
  )
}
