import { useState } from 'react'
import { api } from '../../lib/api.js'
import { usd } from '../../lib/format.js'

const presets = [
  { label: '$100,000', cents: 10_000_000n },
  { label: '$60,000 (margin call)', cents: 6_000_000n },
  { label: '$55,000 (liquidation)', cents: 5_500_000n },
]

/** Moves the regtest price feed: every local exchange follows, the desk re-prices on its next tick. */
export function PriceControl({
  centsPerBtc,
  onChange,
}: {
  centsPerBtc: string
  onChange: () => void
}) {
  const [dollars, setDollars] = useState('')
  const set = async (cents: bigint) => {
    await api('/admin/price', { centsPerBtc: cents.toString() })
    onChange()
  }
  return (
    <div className="card price" data-testid="price-control">
      <h3>
        Regtest BTC price: <span data-testid="price">{usd(centsPerBtc)}</span>
      </h3>
      {presets.map((p) => (
        <button
          key={p.label}
          type="button"
          onClick={() => set(p.cents)}
          data-testid={`price-${p.cents / 100n}`}
        >
          {p.label}
        </button>
      ))}
      <input
        data-testid="price-input"
        inputMode="numeric"
        placeholder="dollars"
        value={dollars}
        onChange={(e) => setDollars(e.target.value.replace(/\D/g, ''))}
      />
      <button
        type="button"
        data-testid="price-set"
        disabled={dollars === ''}
        onClick={() => set(BigInt(dollars) * 100n)}
      >
        Set
      </button>
    </div>
  )
}
