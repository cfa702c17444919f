import type { Hex, InvoiceState } from '@btcfi/core'
import { decideRelease } from '../escrow/decideRelease.js'
import type { ChaosLoan } from './ChaosState.js'
import { eventLine, type InvariantBreak } from './checkChaosInvariants.js'
import type { DeskBook } from './startChaosDesk.js'
import type { ChaosEscrow } from './startChaosEscrow.js'

export interface EscrowInvariantInput {
  book: DeskBook
  /** The plan's loans (by desk id once opened): which were opened as v2. */
  loans: readonly ChaosLoan[]
  escrow: Pick<ChaosEscrow, 'pubkey' | 'status' | 'pricesBetween'>
  /** The state of a lock's invoice on the desk's node (`undefined`: lnd has none). */
  invoiceState: (paymentHash: Hex) => Promise<InvoiceState | undefined>
}

/** What a seed's v2 loans came to, for the runner's line. */
export interface EscrowSummary {
  /** v2 loans in the desk's book. */
  loans: number
  /** Locks the escrow agent released, by ground. */
  releases: Record<string, number>
  /** v2 loans liquidated, by reason. */
  liquidated: Record<string, number>
}

/** How far before a release the agent may have read its price, ms (a price set a moment before it answered). */
const PRICE_SLACK_MS = 2_000

/**
 * Checks protocol v2's own invariants on a settled seed, from the desk's
 * book, bob's node and the escrow agent's own status of every lock:
 * (f) no v2 lock is settled (in lnd or in the book) without the agent having
 * released it, at most one lock of a v2 loan is settled and at most one
 * released, each loan is of the protocol the plan opened it under, and every
 * lock of a v2 loan is one the agent holds for that loan; (g) each release
 * stood on evidence the agent saw: a liquidation on a price it was given
 * (principal alone at the liquidation LTV, `decideRelease`), a default once
 * its dispute window had passed unanswered.
 */
export async function checkEscrowInvariants(
  input: EscrowInvariantInput,
): Promise<{ breaks: InvariantBreak[]; summary: EscrowSummary }> {
  const { book, escrow } = input
  const breaks: InvariantBreak[] = []
  const summary: EscrowSummary = { loans: 0, releases: {}, liquidated: {} }
  const byId = new Map(input.loans.filter((l) => l?.id).map((l) => [l.id!, l]))
  for (const loan of book.loans) {
    const log = book.events
      .filter((e) => e.loanId === loan.id)
      .sort((x, y) => x.seq - y.seq)
      .map(eventLine)
    const fail = (invariant: 'f' | 'g', detail: string) =>
      breaks.push({ invariant, loanId: loan.id, detail, log })
    const v2 = loan.agreement.escrow !== undefined
    const plan = byId.get(loan.id)
    if (plan && (plan.open.v2 ?? false) !== v2) {
      fail(
        'f',
        `opened as ${plan.open.v2 ? 'v2' : 'v1'}, the desk's agreement is ${v2 ? 'v2' : 'v1'}`,
      )
    }
    if (!v2) {
      if (loan.locks.some((l) => l.escrow))
        fail('f', 'a v1 loan has a lock an escrow agent attested')
      continue
    }
    summary.loans++
    if (loan.state === 'LIQUIDATED' && loan.liquidation) {
      const reason = loan.liquidation.reason
      summary.liquidated[reason] = (summary.liquidated[reason] ?? 0) + 1
    }
    if (loan.agreement.escrow?.agentPubkey.toLowerCase() !== escrow.pubkey.toLowerCase()) {
      fail('f', `the agreement names escrow agent ${loan.agreement.escrow?.agentPubkey}`)
    }
    let settled = 0
    let released = 0
    for (const lock of loan.locks) {
      // A rollover lock the borrower never named a hash for: nothing was issued.
      if (lock.paymentHash === '') continue
      const invoice = await input.invoiceState(lock.paymentHash)
      const lndSettled = invoice === 'SETTLED'
      if (lndSettled !== (lock.state === 'SETTLED')) {
        fail('f', `lock ${lock.id} is ${lock.state} in the book and ${invoice ?? 'unknown'} in lnd`)
      }
      const status = await escrow.status(lock.paymentHash)
      if (!status) {
        fail('f', `the escrow agent holds no lock ${lock.id} (${lock.paymentHash})`)
        continue
      }
      if (status.hold.loanId !== loan.id) {
        fail('f', `the escrow agent holds lock ${lock.id} for loan ${status.hold.loanId}`)
      }
      if (lndSettled || lock.state === 'SETTLED') {
        settled++
        if (!status.released) {
          fail('f', `lock ${lock.id} was settled without the escrow agent's release`)
        }
      }
      const release = status.released
      if (!release) continue
      released++
      summary.releases[release.ground] = (summary.releases[release.ground] ?? 0) + 1
      if (release.ground === 'liquidation') {
        const prices = escrow.pricesBetween(release.atMs - PRICE_SLACK_MS, release.atMs)
        const hold = { ...status.hold, rolledOver: false }
        const seen = prices.some(
          (centsPerBtc) =>
            centsPerBtc !== undefined &&
            decideRelease(hold, 'liquidation', { centsPerBtc, height: 0, nowMs: release.atMs })
              .release,
        )
        if (!seen) {
          fail(
            'g',
            `lock ${lock.id} released for a liquidation at the agent's prices ${prices.map((p) => p ?? 'none').join(', ')}: none reaches the liquidation LTV`,
          )
        }
      }
      if (release.ground === 'default') {
        const dispute = status.hold.dispute
        const endsAtMs = dispute && dispute.claimedAtMs + status.hold.disputeWindowMs
        if (!dispute || dispute.answered || release.atMs < endsAtMs!) {
          fail(
            'g',
            `lock ${lock.id} released for a default at ${release.atMs}: ${dispute ? `its dispute window ends at ${endsAtMs}${dispute.answered ? ', answered' : ''}` : 'none was claimed'}`,
          )
        }
      }
    }
    if (settled > 1) fail('f', `${settled} locks of one v2 loan were settled`)
    if (released > 1) fail('f', `the escrow agent released ${released} locks of one loan`)
  }
  return { breaks, summary }
}
