import { randomBytes } from 'node:crypto'
import { createInvoice } from '@btcfi/sdk'
import { memoryStreamStore } from '@btcfi/stream'
import { createAgent } from '../agent/createAgent.js'
import { isLoanError } from '../errors/LoanError.js'
import { maxPayoutFinalCltv, safeDeadlineHeight } from '../terms/lockCltvExpiry.js'
import type { ChaosAction } from './ChaosAction.js'
import type { ChaosLoan, ChaosState } from './ChaosState.js'
import { chaosTerms } from './chaosTerms.js'
import {
  chainHeight,
  deskSideUp,
  mineSafely,
  refreshHeld,
  rolloverPoint,
  waitRolledOver,
  waitSeen,
} from './mineSafely.js'
import { retryTransient } from './retryTransient.js'

const HOUR = 3_600_000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A new borrower agent on the desk, on the runner's loan clock. */
export function chaosAgent(state: Pick<ChaosState, 'clients' | 'desk'>) {
  return createAgent({
    client: state.clients.alice,
    deskUrl: state.desk.url,
    now: state.desk.now,
    timeoutMs: 5_000,
  })
}

/** Follows the loan's events and pays its rollovers (when the plan says the borrower answers). */
export function watchChaosLoan(state: ChaosState, loan: ChaosLoan): void {
  loan.unwatch?.()
  loan.unwatch = undefined
  if (!loan.id || loan.open.rollover !== 'answer') return
  loan.unwatch = state.agent.watch(loan.id, { intervalMs: 250 })
}

/** Starts (or resumes, from its store) the loan's interest stream. */
export async function streamChaosLoan(state: ChaosState, loan: ChaosLoan): Promise<void> {
  if (!loan.id || loan.open.interest !== 'stream' || loan.stream) return
  const id = loan.id
  loan.stream = await retryTransient(() =>
    state.agent.streamInterest(id, {
      secret: loan.streamSecret,
      store: loan.streamStore,
      sendIntervalMs: 300,
      priceRefreshMs: 1_000,
      onError: () => {},
    }),
  )
}

export async function stopStream(loan: ChaosLoan): Promise<void> {
  const stream = loan.stream
  loan.stream = undefined
  await stream?.stop().catch(() => undefined)
}

/** The loan's state as the desk tells it, or undefined when it has no id yet. */
async function stateOf(state: ChaosState, loan: ChaosLoan) {
  if (!loan.id) return undefined
  const id = loan.id
  return (await retryTransient(() => state.agent.status(id))).state
}

/**
 * Runs one step of a plan. A step that no longer applies (its loan was
 * liquidated, the oracle is down for a quote) is skipped with a note; only a
 * failure of the network itself throws.
 */
export async function runChaosAction(state: ChaosState, action: ChaosAction): Promise<void> {
  const { desk, clients } = state
  const loanOf = (index: number) => state.loans[index]
  try {
    switch (action.kind) {
      case 'open': {
        const loan: ChaosLoan = {
          index: action.loan,
          open: action,
          id: undefined,
          heldExpiry: undefined,
          streamSecret: new Uint8Array(randomBytes(32)),
          streamStore: memoryStreamStore(),
          stream: undefined,
          unwatch: undefined,
        }
        state.loans[action.loan] = loan
        const quote = await retryTransient(() => state.agent.quote({ principal: action.principal }))
        // One invoice for every try: the same request again opens the same loan.
        const { paymentRequest } = await createInvoice(clients[action.payee], {
          amountMsat: quote.principalMsat,
          memo: `chaos loan ${action.loan}`,
          expirySeconds: 3_600,
          cltvExpiry: Math.min(80, maxPayoutFinalCltv(chaosTerms.lock)),
        })
        const opened = await retryTransient(() =>
          state.agent.open({ quote, disbursementInvoice: paymentRequest }),
        )
        loan.id = opened.loan.id
        const id = loan.id
        await retryTransient(() => state.agent.waitForState(id, ['ACTIVE'], { timeoutMs: 30_000 }))
        await refreshHeld(state, loan)
        watchChaosLoan(state, loan)
        await streamChaosLoan(state, loan)
        return
      }
      case 'advance': {
        desk.advance(action.hours * HOUR)
        for (const loan of state.loans) {
          if (!loan?.id || (await stateOf(state, loan)) !== 'ACTIVE') continue
          const id = loan.id
          if (loan.open.interest === 'invoice') {
            await retryTransient(() => state.agent.payInterest(id))
          } else if (loan.open.interest === 'stream') {
            // The stream pays what accrued within a few of its intervals.
            const deadline = Date.now() + 8_000
            while (Date.now() < deadline) {
              const view = await retryTransient(() => state.agent.status(id))
              if (view.state !== 'ACTIVE' || view.interest.arrearsMsat < 20_000n) break
              await sleep(250)
            }
          }
        }
        return
      }
      case 'price':
        desk.setPrice(action.centsPerBtc)
        await sleep(800) // a few desk ticks: margin calls, liquidations
        return
      case 'topUp': {
        const loan = loanOf(action.loan)
        if (!loan?.id || (await stateOf(state, loan)) !== 'ACTIVE') {
          state.notes.push(`topUp#${action.loan} skipped: loan not active`)
          return
        }
        const id = loan.id
        const view = await retryTransient(() => state.agent.status(id))
        const amountSat = (view.agreement.collateralSat * BigInt(action.percent)) / 100n
        const handle = await retryTransient(() => state.agent.topUp(id, amountSat))
        const deadline = Date.now() + 10_000
        while (Date.now() < deadline) {
          const now = await retryTransient(() => state.agent.status(id))
          const lock = now.locks.find((l) => l.paymentHash === handle.paymentHash)
          if (now.state !== 'ACTIVE' || lock?.state !== 'OPEN') break
          await sleep(200)
        }
        return
      }
      case 'rollover': {
        const loan = loanOf(action.loan)
        const expiry = loan ? await refreshHeld(state, loan, { wait: true }) : undefined
        if (!loan || expiry === undefined) {
          state.notes.push(`rollover#${action.loan} skipped: loan not active`)
          return
        }
        const deadline = safeDeadlineHeight(chaosTerms.lock, expiry)
        const target = Math.min(rolloverPoint(expiry) + action.extraBlocks, deadline - 1)
        await mineSafely(state, target)
        const through = action.through || loan.open.rollover === 'ignore'
        if (deskSideUp(state) && loan.open.rollover === 'answer') {
          await waitRolledOver(state, loan, expiry)
          return
        }
        if (!through) return
        // The desk side is down (or the borrower does not answer): blocks go on, one at a time.
        for (let h = await chainHeight(state); h < deadline; h++) {
          await state.net.mine(1)
          await waitSeen(state, h + 1)
          await sleep(300)
        }
        return
      }
      case 'mine':
        await mineSafely(state, (await chainHeight(state)) + action.blocks)
        return
      case 'repay': {
        const loan = loanOf(action.loan)
        if (!loan?.id || (await stateOf(state, loan)) !== 'ACTIVE') {
          state.notes.push(`repay#${action.loan} skipped: loan not active`)
          return
        }
        await stopStream(loan)
        await repayChaosLoan(state, loan.id)
        return
      }
      case 'killDesk':
        state.pending.push(
          sleep(action.delayMs).then(() => {
            state.log(`  desk SIGKILL (down ${action.downMs} ms)`)
            desk.kill(action.downMs)
          }),
        )
        return
      case 'killDeskAt':
        await desk.killAt({ when: action.when, event: action.event }, action.downMs)
        return
      case 'restartAgent': {
        for (const loan of state.loans) {
          if (!loan) continue
          loan.unwatch?.()
          loan.unwatch = undefined
          await stopStream(loan)
        }
        state.agent = chaosAgent(state)
        for (const loan of state.loans) {
          if (!loan?.id || (await stateOf(state, loan)) !== 'ACTIVE') continue
          watchChaosLoan(state, loan)
          await streamChaosLoan(state, loan)
        }
        return
      }
      case 'restartNode':
        if (action.crash) {
          await state.net.killNode(action.node)
          await state.net.startNode(action.node)
        } else {
          await state.net.restartNode(action.node)
        }
        return
      case 'oracle':
        desk.setOracle(action.up)
        return
    }
  } catch (error) {
    if (isLoanError(error) || (error as { code?: string }).code !== undefined) {
      state.notes.push(`${action.kind} failed: ${(error as Error).message.split('\n')[0]}`)
      return
    }
    throw error
  }
}

/** Pays the loan back (again after a lost answer: an invoice paid already counts) and waits for REPAID. */
export async function repayChaosLoan(state: ChaosState, id: string): Promise<void> {
  try {
    await retryTransient(() => state.agent.repay(id))
  } catch (error) {
    const view = await retryTransient(() => state.agent.status(id))
    if (view.state !== 'REPAID') throw error
  }
  await retryTransient(() => state.agent.waitForState(id, ['REPAID'], { timeoutMs: 30_000 }))
}
