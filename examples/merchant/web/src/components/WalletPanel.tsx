import { useState } from 'react'
import { api } from '../lib/api.js'
import { sat, short } from '../lib/format.js'
import type { WalletInfo } from '../lib/types.js'
import { usePolling } from '../lib/usePolling.js'

/**
 * The customer's wallet: their own regtest node behind the SDK, so one person
 * can play both sides in one browser.
 */
export function WalletPanel({
  draft,
  setDraft,
}: {
  draft: string
  setDraft: (text: string) => void
}) {
  const { data, refresh } = usePolling<WalletInfo>('/wallet', 1_500)
  const [status, setStatus] = useState<string>()
  const [busy, setBusy] = useState(false)
  const pay = async () => {
    setBusy(true)
    setStatus('paying…')
    try {
      const payment = await api<{ status: string; feeMsat: string }>('/wallet/pay', {
        paymentRequest: draft,
      })
      setStatus(`${payment.status}, fee ${sat(payment.feeMsat)}`)
      setDraft('')
    } catch (error) {
      setStatus(`failed: ${(error as Error).message}`)
    } finally {
      setBusy(false)
      refresh()
    }
  }
  return (
    <aside className="wallet" data-testid="wallet">
      <h2>👛 Customer wallet</h2>
      {data ? (
        <>
          <p className="muted">
            {data.alias} · {short(data.pubkey, 8)}
          </p>
          <p className="balance" data-testid="wallet-balance" data-msat={data.channelMsat}>
            {sat(data.channelMsat)}
          </p>
          <p className="muted">
            in channels{BigInt(data.pendingMsat) > 0n ? ` · ${sat(data.pendingMsat)} held` : ''}
          </p>
          {data.streams.length > 0 && (
            <p className="muted" data-testid="wallet-streams">
              {data.streams.length} stream(s) paying: {sat(data.streams[0]!.sentMsat)} sent
            </p>
          )}
        </>
      ) : (
        <p className="muted">connecting to the node…</p>
      )}
      <label htmlFor="wallet-invoice">Pay an invoice</label>
      <textarea
        id="wallet-invoice"
        data-testid="wallet-invoice"
        value={draft}
        placeholder="lnbcrt…"
        onChange={(e) => setDraft(e.target.value)}
        rows={4}
      />
      <button
        type="button"
        data-testid="wallet-pay"
        disabled={busy || draft.trim() === ''}
        onClick={pay}
      >
        Pay
      </button>
      {status && (
        <p className="muted" data-testid="wallet-status">
          {status}
        </p>
      )}
    </aside>
  )
}
