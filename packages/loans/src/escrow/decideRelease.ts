import type { Hex } from '@btcfi/core'
import { ltvAtLeast } from '../money/ltv.js'
import type { EscrowTerms } from './escrowAttestation.js'

/** The shortest dispute window an agent accepts: a borrower must have time to answer. */
export const MIN_DISPUTE_WINDOW_MS = 3_600_000
/** The longest: 30 days. */
export const MAX_DISPUTE_WINDOW_MS = 30 * 86_400_000

/** What an escrow agent keeps of a loan whose lock's preimage it holds (no secret here). */
export interface EscrowHold extends EscrowTerms {
  loanId: string
  agreementHash: Hex
  paymentHash: Hex
  /** A newer lock, attested by this agent, took over the collateral (a rollover). */
  rolledOver: boolean
  /** A default the desk claimed, and whether the borrower answered it with valid proof of payment. */
  dispute?: DefaultDispute
  /** The agent's height when the lender offered a rollover of this lock (`offerRollover`). */
  rolloverOfferedAtHeight?: number
}

/** What a desk claims the borrower missed: an interest due at `dueAtMs`, or the repayment at maturity. */
export interface DefaultClaim {
  kind: 'interest' | 'maturity'
  dueAtMs: number
}

/** A claimed default and its answer. */
export interface DefaultDispute extends DefaultClaim {
  claimedAtMs: number
  /** The borrower answered with a valid proof of payment (`checkPaymentProof`): never released on it. */
  answered: boolean
}

/** Why the desk asks for the preimage. */
export type ReleaseGround = 'liquidation' | 'lock-deadline' | 'default'

/** What the agent sees itself: its own median price, the chain's height, its clock. */
export interface AgentView {
  /** The agent's own median price (US cents per BTC); none when its sources fail. */
  centsPerBtc?: bigint
  height: number
  nowMs: number
}

export type ReleaseDecision = { release: true } | { release: false; why: string }

/**
 * Whether an escrow agent gives the lock's preimage to the desk, on evidence
 * it checks itself, never on the desk's word:
 * - `liquidation`: at the agent's own price, the principal alone (no
 *   arrears: the agent does not keep the interest ledger, so it errs for the
 *   borrower) reaches the agreement's liquidation LTV;
 * - `lock-deadline`: the lender offered the borrower a rollover of this lock
 *   at the agent (`rolloverOfferedAtHeight`), and the chain is at the lock's
 *   safe deadline and `rolloverLeadBlocks` past the offer; the lender did not
 *   retire it (a rollover's new lock took over);
 * - `default`: the desk claimed it (`dispute.claimedAtMs`), the dispute
 *   window has passed, and the borrower did not answer with valid proof of
 *   payment.
 * A rolled-over lock is never released: its collateral is held by the new one.
 */
export function decideRelease(
  hold: EscrowHold,
  ground: ReleaseGround,
  view: AgentView,
): ReleaseDecision {
  if (hold.rolledOver) return { release: false, why: 'a newer lock holds the collateral' }
  switch (ground) {
    case 'liquidation': {
      if (hold.currency === 'sat') {
        return { release: false, why: 'a sat loan is not liquidated on a price' }
      }
      if (view.centsPerBtc === undefined) return { release: false, why: 'no price of its own' }
      const reached = ltvAtLeast(
        {
          principal: hold.principal,
          currency: hold.currency,
          arrearsMsat: 0n,
          collateralSat: hold.collateralSat,
          centsPerBtc: view.centsPerBtc,
        },
        hold.liquidationLtvBps,
      )
      return reached
        ? { release: true }
        : { release: false, why: 'at its price the loan is below the liquidation LTV' }
    }
    case 'lock-deadline': {
      // The borrower was offered a rollover, and had its lead to answer it.
      if (hold.rolloverOfferedAtHeight === undefined) {
        return { release: false, why: 'no rollover was offered for this lock' }
      }
      const from = Math.max(
        hold.safeDeadlineHeight,
        hold.rolloverOfferedAtHeight + hold.rolloverLeadBlocks,
      )
      return view.height >= from
        ? { release: true }
        : { release: false, why: `the lock's deadline is at height ${from}` }
    }
    case 'default': {
      if (!hold.dispute) return { release: false, why: 'no default was claimed' }
      if (hold.dispute.answered) {
        return { release: false, why: 'the borrower answered with proof of payment' }
      }
      const endsAtMs = hold.dispute.claimedAtMs + hold.disputeWindowMs
      return view.nowMs >= endsAtMs
        ? { release: true }
        : {
            release: false,
            why: `the dispute window is open until ${endsAtMs} ms since the epoch`,
          }
    }
  }
}
