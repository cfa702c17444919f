import { short, time } from '../lib/format.js'
import type { WalletLoan } from '../lib/types.js'

const grounds: Record<string, string> = {
  liquidation: 'the LTV at its own price reached the liquidation line',
  'lock-deadline': 'the lock reached its deadline with no new lock',
  default: 'a default the wallet did not disprove within the dispute window',
}

/**
 * Who holds the collateral lock's preimage: under protocol v2 an escrow agent
 * (its key, and its own word on the lock), under v1 the desk.
 */
export function LoanProtocol({ loan }: { loan: WalletLoan }) {
  const { agreement } = loan.loan
  const escrow = loan.escrow
  if (!agreement.escrow) {
    return (
      <p className="muted" data-testid="loan-protocol" data-protocol={agreement.protocol}>
        Protocol <code>{agreement.protocol}</code>: the desk holds the lock's preimage.
      </p>
    )
  }
  const status = escrow?.status
  return (
    <div className="escrow" data-testid="loan-protocol" data-protocol={agreement.protocol}>
      <p>
        Protocol <code>{agreement.protocol}</code>: escrow agent{' '}
        <code data-testid="escrow-agent" title={agreement.escrow.agentPubkey}>
          {short(agreement.escrow.agentPubkey, 8)}
        </code>{' '}
        holds the lock's preimage, which this wallet drew: the desk can take the collateral only
        when the agent releases it, on evidence it checks itself.
      </p>
      <p className="muted" data-testid="escrow-state">
        {status === undefined
          ? 'The agent does not answer now.'
          : status.released
            ? `The agent released the preimage to the desk at ${time(status.released.atMs)}: ${grounds[status.released.ground] ?? status.released.ground}.`
            : status.windowEndsAtMs !== undefined
              ? `⚠️ The desk claims a default: the agent releases nothing before ${time(status.windowEndsAtMs)}, nor at all once the wallet shows it paid.`
              : `The agent holds it since ${time(status.heldAtMs)} and has released nothing.`}
      </p>
    </div>
  )
}
