import { getInfo } from '@btcfi/sdk'
import { safeDeadlineHeight } from '../terms/lockCltvExpiry.js'
import type { ChaosLoan, ChaosState } from './ChaosState.js'
import { chaosTerms } from './chaosTerms.js'
import { retryTransient } from './retryTransient.js'

const lock = chaosTerms.lock
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The chain height as bob (the desk's node) sees it. */
export async function chainHeight(state: ChaosState): Promise<number> {
  return state.net.height()
}

/** True while the desk can act: its process listens, its oracle answers, and (v2) the escrow agent listens. */
export const deskSideUp = (state: ChaosState) =>
  state.desk.up && state.desk.oracleUp && (state.escrow?.up ?? true)

/** The loan's held locks as the desk reports them now (cached in `heldExpiry`); undefined when it is not ACTIVE. */
export async function refreshHeld(
  state: ChaosState,
  loan: ChaosLoan,
  { wait = false }: { wait?: boolean } = {},
): Promise<number | undefined> {
  if (!loan.id) return undefined
  const id = loan.id
  try {
    const view = await (wait
      ? retryTransient(() => state.agent.status(id))
      : state.agent.status(id))
    const held = view.locks.filter((l) => l.state === 'ACCEPTED' && l.expiryHeight !== undefined)
    loan.heldExpiry =
      view.state === 'ACTIVE' && held.length > 0
        ? Math.min(...held.map((l) => l.expiryHeight!))
        : undefined
  } catch {
    // the desk is down: keep what was seen last
  }
  return loan.heldExpiry
}

export const rolloverPoint = (expiry: number) =>
  safeDeadlineHeight(lock, expiry) - lock.rolloverLeadBlocks

/** Waits (up to `timeoutMs`) until the loan's held lock is a newer one, or the loan is no longer ACTIVE. */
export async function waitRolledOver(
  state: ChaosState,
  loan: ChaosLoan,
  expiry: number,
  timeoutMs = 15_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const now = await refreshHeld(state, loan)
    if (now === undefined || now > expiry) return true
    await sleep(250)
  }
  return false
}

/**
 * Mines to `target`, stopping at each loan's rollover point on the way: one
 * jump of many blocks would take a lock past its deadline before the desk
 * could ask for a new one, which no real chain does. While the desk side is
 * up, each answered rollover is waited for; while it is down, mining goes on.
 */
export async function mineSafely(state: ChaosState, target: number): Promise<void> {
  for (let rounds = 0; rounds < 50; rounds++) {
    const height = await chainHeight(state)
    if (height >= target) return
    const due: { loan: ChaosLoan; expiry: number; at: number }[] = []
    for (const loan of state.loans) {
      const expiry = await refreshHeld(state, loan)
      if (expiry !== undefined) due.push({ loan, expiry, at: rolloverPoint(expiry) })
    }
    const stops = due.map((d) => d.at).filter((at) => at > height)
    const next = Math.min(target, ...stops)
    await state.net.mine(next - height)
    await waitSeen(state, next)
    if (!deskSideUp(state)) continue
    for (const d of due.filter((d) => d.at <= next && d.loan.open.rollover === 'answer')) {
      if (!(await waitRolledOver(state, d.loan, d.expiry))) {
        state.notes.push(`rollover of loan #${d.loan.index} not done 15 s after its rollover point`)
      }
    }
  }
}

/** Waits until the desk's node has seen `height` (the desk ticks on its node's height). */
export async function waitSeen(state: ChaosState, height: number): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const seen = await getInfo(state.clients.bob).then(
      (info) => info.blockHeight,
      () => 0,
    )
    if (seen >= height) return
    await sleep(100)
  }
}
