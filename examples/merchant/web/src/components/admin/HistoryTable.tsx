import { useCallback, useEffect, useState } from 'react'
import { api } from '../../lib/api.js'
import { short, signedSat } from '../../lib/format.js'
import type { HistoryEntry, HistoryPage } from '../../lib/types.js'

/** Entries per page: 25, or `#/admin?history=N` (1 to 200). */
const pageSize = () => {
  const value = Number(new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('history'))
  return Number.isInteger(value) && value >= 1 && value <= 200 ? value : 25
}

/**
 * The merchant node's history (the SDK's `listHistory`), oldest first:
 * payments, invoices, forwards and on-chain transactions with what each
 * changed the node's funds by. "More" reads the next page from the cursor.
 */
export function HistoryTable() {
  const [entries, setEntries] = useState<HistoryEntry[]>([])
  const [cursor, setCursor] = useState<string>()
  const [hasMore, setHasMore] = useState(false)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string>()

  const load = useCallback(async (from: string | undefined) => {
    setLoading(true)
    setError(undefined)
    try {
      const query = new URLSearchParams({
        limit: String(pageSize()),
        ...(from ? { cursor: from } : {}),
      })
      const page = await api<HistoryPage>(`/admin/history?${query}`)
      // The first page replaces what is shown; a next one adds what is not shown yet.
      setEntries((shown) => {
        if (!from) return page.entries
        const ids = new Set(shown.map((e) => e.id))
        return [...shown, ...page.entries.filter((e) => !ids.has(e.id))]
      })
      setCursor(page.cursor)
      setHasMore(page.hasMore)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setLoading(false)
    }
  }, [])
  useEffect(() => {
    void load(undefined)
  }, [load])

  return (
    <>
      <h3>
        History of the merchant node{' '}
        <span className="muted" data-testid="history-count">
          {entries.length} entries
        </span>
      </h3>
      <table data-testid="history">
        <thead>
          <tr>
            <th>Kind</th>
            <th>Time</th>
            <th>Delta</th>
            <th>Id</th>
            <th>For</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-testid="history-row" data-id={e.id} data-hash={e.paymentHash}>
              <td>{e.kind}</td>
              <td>{new Date(e.atMs).toLocaleString()}</td>
              <td className="amount" data-testid="history-delta">
                {signedSat(e.deltaMsat)}
              </td>
              <td>
                <code title={e.paymentHash}>{e.id.length > 30 ? short(e.id, 12) : e.id}</code>
              </td>
              <td>
                {e.purpose ?? ''}
                {e.state && e.state !== 'SETTLED' && e.state !== 'SUCCEEDED' ? (
                  <span className="muted"> {e.state.toLowerCase()}</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && <p className="error">{error}</p>}
      {hasMore && (
        <button
          type="button"
          data-testid="history-more"
          disabled={loading}
          onClick={() => void load(cursor)}
        >
          {loading ? 'Loading…' : 'More'}
        </button>
      )}
    </>
  )
}
