import {
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import type { AdminSummary } from '../../lib/types.js'

/** Each open loan's LTV against the margin-call (80%) and liquidation (90%) lines. */
export function LoansChart({ loans }: { loans: AdminSummary['loans'] }) {
  const data = loans
    .filter((l) => l.open && l.ltvBps !== null)
    .map((l) => ({ loan: l.id.slice(0, 6), ltv: Number(BigInt(l.ltvBps!)) / 100 }))
  return (
    <div className="chart" data-testid="loans-chart">
      <h3>Open loans: LTV %</h3>
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="loan" />
          <YAxis domain={[0, 100]} />
          <Tooltip />
          <ReferenceLine y={80} stroke="#eab308" label="margin call" />
          <ReferenceLine y={90} stroke="#ef4444" label="liquidation" />
          <Bar dataKey="ltv" fill="#10b981" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}
