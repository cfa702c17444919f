import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { AdminSummary } from '../../lib/types.js'

/** Revenue by how it came in: checkout, pay later, streams, tips. */
export function RevenueByKindChart({ revenue }: { revenue: AdminSummary['revenue'] }) {
  const kinds = ['checkout', 'pay-later', 'stream', 'tip']
  const data = kinds.map((kind) => ({
    kind,
    sat: Number(
      revenue.filter((r) => r.kind === kind).reduce((sum, r) => sum + BigInt(r.amountMsat), 0n) /
        1000n,
    ),
  }))
  return (
    <div className="chart">
      <h3>Revenue by kind (sat)</h3>
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="kind" />
          <YAxis />
          <Tooltip />
          <Bar dataKey="sat" fill="#3b82f6" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}
