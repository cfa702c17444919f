import type { EscrowStatus, LoanEvent, LoanView, SurplusCheck } from '@btcfi/loans'

/** A v2 loan's escrow agent, and what it says of the loan's collateral lock. */
export interface WalletEscrow {
  /** The agent's key (x-only, hex), as the signed agreement names it. */
  agentPubkey: string
  /** Where the desk says the agent answers. */
  url: string | undefined
  /** The lock whose preimage the agent holds: the one that holds (or took) the collateral. */
  paymentHash: string | undefined
  /** The agent's word on it (never the preimage); undefined when it did not answer. */
  status: Pick<EscrowStatus, 'heldAtMs' | 'released' | 'windowEndsAtMs'> | undefined
}

/** A loan as the customer's wallet shows it: the desk's view, the LTV at today's price, its events. */
export interface WalletLoan {
  loan: LoanView
  centsPerBtc: bigint
  /** Loan-to-value now, basis points; null once no collateral is held. */
  ltvBps: bigint | null
  events: LoanEvent[]
  /** How the collateral lock ended on the wallet's node, once it did. */
  lock: 'HELD' | 'RELEASED' | 'SEIZED' | 'PENDING'
  surplus: SurplusCheck | undefined
  /** Protocol v2 (`loan.agreement.protocol` is `btcfi-loan/2`): the escrow agent; undefined for v1. */
  escrow: WalletEscrow | undefined
}
