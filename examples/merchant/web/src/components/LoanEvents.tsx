import { time } from '../lib/format.js'
import type { LoanEvent } from '../lib/types.js'

const labels: Record<string, string> = {
  'loan.opened': 'Agreement signed by both sides',
  'lock.issued': 'Collateral lock invoice issued to the wallet',
  'lock.accepted': 'Collateral locked: a held HTLC on the desk',
  'principal.sending': 'The desk pays the merchant',
  'principal.disbursed': 'Principal paid the merchant’s invoice',
  'margin.call': '⚠️ Margin call',
  'margin.cleared': 'Margin call cleared',
  'repay.invoiced': 'Repayment invoice issued',
  'loan.repaid': 'Repaid',
  'lock.canceled': 'Collateral released back to the wallet',
  'lock.settled': 'Collateral taken by the desk',
  'escrow.released': 'The escrow agent released the preimage to the desk',
  'escrow.retired': 'An old lock retired at the escrow agent',
  'liquidation.started': '🔥 Liquidation',
  'surplus.sent': 'Surplus on its way back',
  'surplus.paid': 'Surplus paid back to the wallet',
  'loan.liquidated': 'Liquidated',
}

/** The desk's event log of a loan, newest last. */
export function LoanEvents({ events }: { events: LoanEvent[] }) {
  const shown = events.filter((e) => e.type !== 'interest.due')
  return (
    <ol className="events" data-testid="loan-events">
      {shown.map((e) => (
        <li key={e.seq} data-type={e.type}>
          <span className="muted">{time(e.atMs)}</span> {labels[e.type] ?? e.type}
        </li>
      ))}
    </ol>
  )
}
