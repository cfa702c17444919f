import { cancelHoldInvoice, getInfo, getInvoice } from '@btcfi/sdk'
import { finalLoanStates } from '../loan/LoanRecord.js'
import type { ChaosState } from './ChaosState.js'
import { repayChaosLoan, stopStream } from './runChaosAction.js'
import type { DeskBook } from './startChaosDesk.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Ends a seed's loans whatever state the faults left them in: every node and
 * the oracle up, the desk up and recovered, the escrow agent up (v2) and its
 * price the desk's again, streams stopped, each ACTIVE loan
 * repaid, a lock invoice nobody will pay canceled (as its expiry would), and
 * LIQUIDATING or DISBURSING ones given time to finish. Returns the book once
 * every loan is final, or as it stands at `timeoutMs` (with a note).
 */
export async function settleChaosSeed(state: ChaosState, timeoutMs = 90_000): Promise<DeskBook> {
  const { desk, net, clients } = state
  await Promise.allSettled(state.pending)
  state.pending = []
  desk.setOracle(true)
  if (state.escrow) {
    // v2: the agent up again after its kills, its price the desk's.
    await state.escrow.settled()
    if (!state.escrow.up) throw new Error('the escrow agent did not start again after its kill')
    state.escrow.setPrice('follow')
  }
  for (const name of ['alice', 'bob', 'carol'] as const) {
    const up = await getInfo(clients[name]).then(
      () => true,
      () => false,
    )
    if (!up) {
      state.notes.push(`settle: ${name} was down, started again`)
      await net.startNode(name)
    }
  }
  await desk.waitUp()
  for (const loan of state.loans) {
    if (!loan) continue
    loan.unwatch?.()
    loan.unwatch = undefined
    await stopStream(loan)
  }
  const deadline = Date.now() + timeoutMs
  const canceled = new Set<string>()
  for (;;) {
    await desk.waitUp()
    const book = await desk.book().catch(() => undefined)
    if (!book) {
      // The desk went down meanwhile: give its restart a moment (never a loop that starves the clock).
      await new Promise((resolve) => setTimeout(resolve, 100))
      continue
    }
    const open = book.loans.filter((l) => !finalLoanStates.includes(l.state))
    if (open.length === 0) {
      await desk.idle().catch(() => undefined)
      return desk.book()
    }
    if (Date.now() > deadline) {
      for (const loan of open) state.notes.push(`settle: loan ${loan.id} still ${loan.state}`)
      return book
    }
    for (const loan of open) {
      if (loan.state === 'ACTIVE') {
        await repayChaosLoan(state, loan.id).catch((error: unknown) =>
          state.notes.push(`settle: repay ${loan.id}: ${(error as Error).message.split('\n')[0]}`),
        )
      } else if (loan.state === 'AWAITING_LOCK') {
        // A loan whose answer was lost (or whose lock was never paid): its lock invoice ends as it would at its expiry.
        for (const lock of loan.locks.filter((l) => l.state === 'OPEN')) {
          if (canceled.has(lock.paymentHash)) continue
          const invoice = await getInvoice(clients.bob, { paymentHash: lock.paymentHash }).catch(
            () => undefined,
          )
          if (invoice?.state !== 'OPEN') continue
          canceled.add(lock.paymentHash)
          state.notes.push(`settle: unpaid lock of ${loan.id} canceled`)
          await cancelHoldInvoice(clients.bob, { paymentHash: lock.paymentHash }).catch(() => {})
        }
      }
    }
    await sleep(500)
  }
}
