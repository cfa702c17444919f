import type { LoanView } from '../desk/loanView.js'
import { ltvAtLeast } from '../money/ltv.js'
import type { ChaosLoan, ChaosState } from './ChaosState.js'
import { eventLine } from './checkChaosInvariants.js'
import { retryTransient } from './retryTransient.js'

/** A v2 loan ACTIVE when a price step began, whose locks the escrow agent had released none of. */
export interface HeldV2Loan {
  loan: ChaosLoan
  view: LoanView
}

/** What a price step is judged against: the v2 loans ACTIVE now, none of their locks released. */
export interface HeldV2 {
  loans: HeldV2Loan[]
  /** The desk's stderr mark when the step began (its refused releases are counted from there). */
  errorMark: number
}

/** The v2 loans ACTIVE now whose locks the escrow agent has released none of (none in a v1 plan). */
export async function heldV2Locks(state: ChaosState): Promise<HeldV2> {
  const errorMark = state.desk.errorCount
  const escrow = state.escrow
  const loans: HeldV2Loan[] = []
  if (!escrow) return { loans, errorMark }
  for (const loan of state.loans) {
    if (!loan?.id || !loan.open.v2) continue
    const id = loan.id
    const view = await retryTransient(() => state.agent.status(id))
    if (view.state !== 'ACTIVE') continue
    let released = false
    for (const lock of view.locks.filter((l) => l.paymentHash !== '')) {
      if ((await escrow.status(lock.paymentHash))?.released) released = true
    }
    if (!released) loans.push({ loan, view })
  }
  return { loans, errorMark }
}

/**
 * After a price step (the desk's oracle, or the escrow agent's own price,
 * moved): a v2 loan whose held lock the agent's price does not bring to the
 * liquidation LTV (principal alone, as the agent judges) is never liquidated
 * on its LTV, whatever the desk's price says: it stays ACTIVE with its lock
 * held, nothing settled (invariant g). Each such loan the desk did try to
 * liquidate (its refused release in the desk's log) is counted in
 * `state.refused`.
 */
export async function checkEscrowRefusals(state: ChaosState, before: HeldV2): Promise<void> {
  const escrow = state.escrow
  if (!escrow) return
  const { desk } = state
  for (const { loan, view } of before.loans) {
    const lock = view.locks.find((l) => l.state === 'ACCEPTED')
    if (!lock) continue
    const { principal, currency, liquidationLtvBps } = view.agreement
    const agentPrice = escrow.price
    const agentSees =
      agentPrice !== undefined &&
      ltvAtLeast(
        {
          principal,
          currency,
          arrearsMsat: 0n,
          collateralSat: lock.amountSat,
          centsPerBtc: agentPrice,
        },
        liquidationLtvBps,
      )
    const deskSees =
      desk.oracleUp &&
      ltvAtLeast(
        {
          principal,
          currency,
          arrearsMsat: view.interest.arrearsMsat,
          collateralSat: view.collateralSat,
          centsPerBtc: desk.price,
        },
        liquidationLtvBps,
      )
    if (agentSees || !deskSees) continue
    const id = view.id
    const after = await retryTransient(() => state.agent.status(id))
    const fail = (detail: string) =>
      state.breaks.push({
        invariant: 'g',
        loanId: id,
        detail: `${detail} (the desk's price ${desk.price}, the escrow agent's ${agentPrice ?? 'none'})`,
        log: [],
      })
    if (after.state === 'ACTIVE') {
      if (!after.locks.some((l) => l.state === 'ACCEPTED')) {
        fail('a liquidation the escrow agent refused left the loan ACTIVE with no lock held')
      }
      if (after.locks.some((l) => l.state === 'SETTLED')) {
        fail('a lock of a loan the escrow agent refused to liquidate was settled')
      }
      const refusedHere = desk
        .errorsSince(before.errorMark)
        .some((line) => line.includes(id) && line.includes('does not release this lock'))
      if (refusedHere) state.refused++
      continue
    }
    if (after.liquidation?.reason === 'ltv') {
      const events = await retryTransient(() => state.agent.events(id)).catch(() => [])
      state.breaks.push({
        invariant: 'g',
        loanId: id,
        detail: `liquidated on its LTV at a price the escrow agent does not see (the desk's ${desk.price}, the agent's ${agentPrice ?? 'none'})`,
        log: events.map(eventLine),
      })
      continue
    }
    state.notes.push(
      `loan #${loan.index} ${after.state}${after.liquidation ? ` (${after.liquidation.reason})` : ''} during a price the escrow agent does not see`,
    )
  }
}
