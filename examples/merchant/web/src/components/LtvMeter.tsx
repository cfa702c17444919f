import { percent } from '../lib/format.js'

/** LTV on a bar with the margin-call and liquidation marks. */
export function LtvMeter({
  ltvBps,
  marginCallBps,
  liquidationBps,
}: {
  ltvBps: string | null
  marginCallBps: string
  liquidationBps: string
}) {
  const scale = (bps: string) => Math.min(100, Number(BigInt(bps)) / 100)
  const level =
    ltvBps === null
      ? 'none'
      : BigInt(ltvBps) >= BigInt(liquidationBps)
        ? 'liquidation'
        : BigInt(ltvBps) >= BigInt(marginCallBps)
          ? 'margin'
          : 'ok'
  return (
    <div className="ltv" data-testid="ltv" data-level={level}>
      <div className="ltv-bar">
        <div
          className={`ltv-fill ${level}`}
          style={{ width: `${ltvBps === null ? 0 : scale(ltvBps)}%` }}
        />
        <div
          className="ltv-mark"
          style={{ left: `${scale(marginCallBps)}%` }}
          title="margin call"
        />
        <div
          className="ltv-mark red"
          style={{ left: `${scale(liquidationBps)}%` }}
          title="liquidation"
        />
      </div>
      <span data-testid="ltv-value">LTV {percent(ltvBps)}</span>{' '}
      <span className="muted">
        (margin call at {percent(marginCallBps)}, liquidation at {percent(liquidationBps)})
      </span>
    </div>
  )
}
