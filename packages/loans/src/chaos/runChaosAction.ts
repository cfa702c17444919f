import { randomBytes } from 'node:crypto'
import { createInvoice } from '@btcfi/sdk'
import { memoryStreamStore } from '@btcfi/stream'
import { type Agent, createAgent } from '../agent/createAgent.js'
import { isLoanError } from '../errors/LoanError.js'
import { maxPayoutFinalCltv, safeDeadlineHeight } from '../terms/lockCltvExpiry.js'
import type { ChaosAction } from './ChaosAction.js'
import type { ChaosLoan, ChaosState } from './ChaosState.js'
import { chaosTerms } from './chaosTerms.js'
import { eventLine } from './checkChaosInvariants.js'
import { checkEscrowRefusals, heldV2Locks } from './checkEscrowRefusals.js'
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

/** A new borrower agent on the desk, on the runner's loan clock (`v2`: it borrows under protocol v2). */
export function chaosAgent(state: Pick<ChaosState, 'clients' | 'desk'>, v2 = false) {
  return createAgent({
    client: state.clients.alice,
    deskUrl: state.desk.url,
    now: state.desk.now,
    timeoutMs: 5_000,
    ...(v2 && { escrow: {} }),
  })
}

/** The borrower's agent that quotes, opens and watches this loan: the v2 one for a v2 loan. */
export function agentFor(state: ChaosState, loan: ChaosLoan | undefined): Agent {
  return loan?.open.v2 && state.agentV2 ? state.agentV2 : state.agent
}

/** Follows the loan's events and pays its rollovers (when the plan says the borrower answers). */
export function watchChaosLoan(state: ChaosState, loan: ChaosLoan): void {
  loan.unwatch?.()
  loan.unwatch = undefined
  if (!loan.id || loan.open.rollover !== 'answer') return
  loan.unwatch = agentFor(state, loan).watch(loan.id, { intervalMs: 250 })
}

/** Starts (or resumes, from its store) the loan's interest stream. */
export async function streamChaosLoan(state: ChaosState, loan: ChaosLoan): Promise<void> {
  if (!loan.id || loan.open.interest !== 'stream' || loan.stream) return
  const id = loan.id
  loan.stream = await retryTransient(() =>
    agentFor(state, loan).streamInterest(id, {
      secret: loan.streamSecret,
      store: loan.streamStore,
      sendIntervalMs: 300,
      priceRefreshMs: 1_000,
      onError: (error) =>
        state.log(`  stream #${loan.index}: ${(error as Error).message.split('\n')[0]}`),
    }),
  )
  loan.stream.on((event) => {
    if (event.type === 'error') {
      state.log(`  stream #${loan.index}: ${(event.error as Error).message?.split('\n')[0]}`)
    }
  })
}

/**
 * Stops the loan's interest stream (it sends what is due). `restart`: the
 * borrower's process goes down, she does not end the stream: its store is
 * left as a crash would leave it (running), so that the stream resumes from
 * it (a stream stored as stopped never sends again).
 */
export async function stopStream(
  loan: ChaosLoan,
  { restart = false }: { restart?: boolean } = {},
): Promise<void> {
  const stream = loan.stream
  loan.stream = undefined
  if (!stream) return
  await stream.stop().catch(() => undefined)
  if (!restart) return
  const stored = await loan.streamStore.load(stream.id)
  if (stored?.status === 'stopped') await loan.streamStore.save({ ...stored, status: 'running' })
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
        const agent = agentFor(state, loan)
        const quote = await retryTransient(() => agent.quote({ principal: action.principal }))
        // One invoice for every try: the same request again opens the same loan.
        const { paymentRequest } = await createInvoice(clients[action.payee], {
          amountMsat: quote.principalMsat,
          memo: `chaos loan ${action.loan}`,
          expirySeconds: 3_600,
          cltvExpiry: Math.min(80, maxPayoutFinalCltv(chaosTerms.lock)),
        })
        const opened = await retryTransient(() =>
          agent.open({ quote, disbursementInvoice: paymentRequest }),
        )
        loan.id = opened.loan.id
        const id = loan.id
        await retryTransient(() => agent.waitForState(id, ['ACTIVE'], { timeoutMs: 30_000 }))
        await refreshHeld(state, loan)
        watchChaosLoan(state, loan)
        await streamChaosLoan(state, loan)
        return
      }
      case 'advance': {
        desk.advance(action.hours * HOUR)
        state.escrow?.syncClock(desk.now())
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
        // v2: a few desk ticks at the new time: a default claimed at the escrow agent, a window passed.
        if (state.escrow) await sleep(1_000)
        return
      }
      case 'price': {
        const held = await heldV2Locks(state)
        desk.setPrice(action.centsPerBtc)
        state.escrow?.deskPrice(action.centsPerBtc)
        await sleep(800) // a few desk ticks: margin calls, liquidations
        await checkEscrowRefusals(state, held)
        return
      }
      case 'topUp': {
        const loan = loanOf(action.loan)
        if (!loan?.id || (await stateOf(state, loan)) !== 'ACTIVE') {
          state.notes.push(`topUp#${action.loan} skipped: loan not active`)
          return
        }
        if (loan.open.v2) {
          state.notes.push(`topUp#${action.loan} skipped: a v2 loan takes no top-up`)
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
        // At the safe deadline, with the desk side up, the desk settles the lock (or a rollover
        // took over): a held lock left to lnd's cancel is lost collateral (invariant a).
        const id = loan.id!
        const named = state.breaks.some((b) => b.loanId === id && b.invariant === 'a')
        if (
          !named &&
          deskSideUp(state) &&
          !(await waitRolledOver(state, loan, expiry, 10_000)) &&
          deskSideUp(state)
        ) {
          const events = await retryTransient(() => state.agent.events(id)).catch(() => [])
          state.breaks.push({
            invariant: 'a',
            loanId: id,
            detail: `the held lock (expiry ${expiry}) is at its safe deadline ${deadline}, the desk side up, and was neither settled nor rolled over 10 s later: lnd cancels it at ${expiry - chaosTerms.lock.holdExpiryDeltaBlocks} while the principal is out`,
            log: events.map(eventLine),
          })
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
          await stopStream(loan, { restart: true })
        }
        state.agent = chaosAgent(state)
        if (state.agentV2) state.agentV2 = chaosAgent(state, true)
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
      case 'killEscrow': {
        const escrow = state.escrow
        if (!escrow) return
        state.pending.push(
          sleep(action.delayMs)
            .then(() => {
              state.log(`  escrow SIGKILL (down ${action.downMs} ms)`)
              return escrow.kill(action.downMs)
            })
            .catch((error: unknown) => {
              state.notes.push(`escrow restart failed: ${(error as Error).message.split('\n')[0]}`)
            }),
        )
        return
      }
      case 'escrowPrice': {
        if (!state.escrow) return
        const held = await heldV2Locks(state)
        state.escrow.setPrice(action.price)
        await sleep(800)
        await checkEscrowRefusals(state, held)
        return
      }
      case 'escrowClock':
        state.escrow?.skewClock(action.hours * HOUR, desk.now())
        await sleep(800) // the desk asks again after its retryMs: a dispute window that passed
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
  const agent = agentFor(
    state,
    state.loans.find((l) => l?.id === id),
  )
  try {
    await retryTransient(() => agent.repay(id))
  } catch (error) {
    const view = await retryTransient(() => agent.status(id))
    if (view.state !== 'REPAID') throw error
  }
  await retryTransient(() => agent.waitForState(id, ['REPAID'], { timeoutMs: 30_000 }))
}
