import type { LoanEvent, LoanView, SurplusCheck } from '@btcfi/loans'

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
}
