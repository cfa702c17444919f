import { HistoryTable } from '../components/admin/HistoryTable.js'
import { LoansChart } from '../components/admin/LoansChart.js'
import { PriceControl } from '../components/admin/PriceControl.js'
import { RevenueByKindChart } from '../components/admin/RevenueByKindChart.js'
import { RevenueChart } from '../components/admin/RevenueChart.js'
import { percent, sat, satOf, short, time, usd } from '../lib/format.js'
import type { AdminSummary } from '../lib/types.js'
import { usePolling } from '../lib/usePolling.js'

/**
 * The merchant's back office: revenue, invoices, streams, loans, the
 * webhooks the app received, the node's history, CSV export, the regtest price.
 */
export function AdminPage() {
  const { data, refresh } = usePolling<AdminSummary>('/admin/summary', 2_000)
  if (!data) return <p className="muted">loading…</p>
  const revenueMsat = data.revenue.reduce((sum, r) => sum + BigInt(r.amountMsat), 0n)
  return (
    <section className="admin">
      <h2>Admin</h2>
      <div className="kpis">
        <div>
          <span className="muted">Revenue</span>
          <strong data-testid="revenue-total">{sat(revenueMsat)}</strong>
        </div>
        <div>
          <span className="muted">Merchant node</span>
          <strong>{sat(data.merchantMsat)}</strong>
        </div>
        <div>
          <span className="muted">Orders paid</span>
          <strong>{data.orders.filter((o) => o.status === 'PAID').length}</strong>
        </div>
        <div>
          <span className="muted">Open loans</span>
          <strong>{data.loans.filter((l) => l.open).length}</strong>
        </div>
        <div>
          <span className="muted">Webhooks verified</span>
          <strong data-testid="webhooks-verified">{data.webhooks.verified}</strong>
        </div>
      </div>
      {data.canSetPrice && <PriceControl centsPerBtc={data.centsPerBtc} onChange={refresh} />}
      <div className="charts">
        <RevenueChart revenue={data.revenue} />
        <RevenueByKindChart revenue={data.revenue} />
        <LoansChart loans={data.loans} />
      </div>
      <h3>
        Invoices{' '}
        <a href="/api/admin/orders.csv" download data-testid="csv">
          Export CSV
        </a>
      </h3>
      <table data-testid="invoices">
        <thead>
          <tr>
            <th>Created</th>
            <th>Order</th>
            <th>Method</th>
            <th>Amount</th>
            <th>Invoice</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {data.orders.flatMap((o) =>
            o.invoices.map((i) => (
              <tr key={i.paymentHash}>
                <td>{time(i.createdAtMs)}</td>
                <td>
                  <code>{o.id.slice(0, 8)}</code> {usd(o.totalCents)}
                </td>
                <td>{o.method}</td>
                <td>{sat(i.amountMsat)}</td>
                <td>
                  <code>{short(i.paymentHash, 6)}</code>
                </td>
                <td className={`status ${i.state}`}>{i.state}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      <h3>Webhooks received</h3>
      <p className="muted" data-testid="webhooks">
        {data.webhooks.verified} verified ({data.webhooks.duplicates} again),{' '}
        {data.webhooks.rejected} refused, {data.webhooks.failed} to be retried
      </p>
      <table data-testid="webhook-events">
        <thead>
          <tr>
            <th>Received</th>
            <th>Event</th>
            <th>Invoice</th>
            <th>Order</th>
          </tr>
        </thead>
        <tbody>
          {data.webhooks.recent.map((w) => (
            <tr key={w.id}>
              <td>{time(w.atMs)}</td>
              <td>
                <code>{w.id}</code>
              </td>
              <td>{w.paymentHash && <code>{short(w.paymentHash, 6)}</code>}</td>
              <td>{w.orderId ? <code>{w.orderId.slice(0, 8)}</code> : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Streams</h3>
      <table data-testid="sessions">
        <thead>
          <tr>
            <th>Session</th>
            <th>Status</th>
            <th>Received</th>
            <th>Arrears</th>
            <th>Receipts</th>
          </tr>
        </thead>
        <tbody>
          {data.sessions.map((s) => (
            <tr key={s.id}>
              <td>
                <code>{s.id.slice(0, 8)}</code>
              </td>
              <td className={`status ${s.status}`}>{s.status}</td>
              <td>{sat(s.receivedMsat)}</td>
              <td>{sat(s.arrearsMsat)}</td>
              <td>{s.receipts.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Loans (the desk's book)</h3>
      <table data-testid="loans">
        <thead>
          <tr>
            <th>Loan</th>
            <th>Protocol</th>
            <th>State</th>
            <th>Principal</th>
            <th>Collateral</th>
            <th>LTV</th>
            <th>Surplus</th>
          </tr>
        </thead>
        <tbody>
          {data.loans.map((l) => (
            <tr key={l.id}>
              <td>
                <code>{l.id.slice(0, 8)}</code>
              </td>
              <td data-testid="loan-protocol">
                {l.escrowAgent ? (
                  <>
                    v2, agent <code title={l.escrowAgent}>{l.escrowAgent.slice(0, 8)}</code>
                  </>
                ) : (
                  'v1'
                )}
              </td>
              <td className={`status ${l.state}`}>
                {l.state}
                {l.marginCall && l.open ? ' ⚠️' : ''}
              </td>
              <td>{usd(l.principalCents)}</td>
              <td>{satOf(l.collateralSat)}</td>
              <td>{percent(l.ltvBps)}</td>
              <td>{l.surplusSat === undefined ? '' : satOf(l.surplusSat)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <HistoryTable />
    </section>
  )
}
