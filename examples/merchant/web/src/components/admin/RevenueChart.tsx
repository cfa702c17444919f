import {
  Area,
  AreaChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { time } from '../../lib/format.js'
import type { AdminSummary } from '../../lib/types.js'

/** Cumulative revenue over time, sat (plotting only: the ledger stays in exact msat). */
export function RevenueChart({ revenue }: { revenue: AdminSummary['revenue'] }) {
  let total = 0n
  const points = [...revenue]
    .sort((a, b) => a.atMs - b.atMs)
    .map((entry) => {
      total += BigInt(entry.amountMsat)
      return { atMs: entry.atMs, sat: Number(total / 1000n) }
    })
  return (
    <div className="chart" data-testid="revenue-chart">
      <h3>Revenue over time (sat)</h3>
      <ResponsiveContainer width="100%" height={200}>
        <AreaChart data={points}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="atMs"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={time}
            scale="time"
          />
          <YAxis />
          <Tooltip labelFormatter={(v) => time(Number(v))} />
          <Area
            type="stepAfter"
            dataKey="sat"
            stroke="#f7931a"
            fill="#f7931a55"
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  )
}
