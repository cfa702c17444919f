import type { KillPoint } from '../testing/killingStore.js'
import type { ChaosAction, ChaosPlan } from './ChaosAction.js'
import { CHAOS_BASE_PRICE } from './chaosTerms.js'
import { seededRandom } from './seededRandom.js'

/** Where a desk may be made to kill itself: each step of a loan's life that writes. */
export const CHAOS_KILL_POINTS: readonly KillPoint[] = [
  { when: 'after', event: 'loan.opened' },
  { when: 'before', event: 'lock.accepted' },
  { when: 'after', event: 'principal.sending' },
  { when: 'before', event: 'principal.disbursed' },
  { when: 'after', event: 'interest.invoiced' },
  { when: 'before', event: 'interest.paid' },
  { when: 'after', event: 'repay.invoiced' },
  { when: 'before', event: 'loan.repaid' },
  { when: 'after', event: 'loan.repaid' },
  { when: 'after', event: 'topup.requested' },
  { when: 'before', event: 'topup.locked' },
  { when: 'after', event: 'rollover.requested' },
  { when: 'before', event: 'rollover.completed' },
  { when: 'before', event: 'lock.canceled' },
  { when: 'after', event: 'liquidation.started' },
  { when: 'before', event: 'lock.settled' },
  { when: 'after', event: 'surplus.sent' },
  { when: 'before', event: 'surplus.paid' },
]

/** v2: the points of a v2 loan's life that write, beside the ones above. */
export const CHAOS_V2_KILL_POINTS: readonly KillPoint[] = [
  { when: 'before', event: 'rollover.acked' },
  { when: 'after', event: 'rollover.acked' },
  { when: 'before', event: 'escrow.released' },
  { when: 'after', event: 'escrow.released' },
  { when: 'after', event: 'escrow.retired' },
]

/** A margin call's price: LTV about 83% on a 50% loan. */
const MARGIN_PRICE = 6_000_000n
/** A liquidation's price: LTV about 96% on a 50% loan. */
const CRASH_PRICE = 5_200_000n

type Step = 'open' | 'advance' | 'price' | 'topUp' | 'rollover' | 'mine' | 'repay' | 'fault'
type Fault =
  | 'killDesk'
  | 'killDeskAt'
  | 'restartAgent'
  | 'restartNode'
  | 'oracle'
  | 'killEscrow'
  | 'escrowApart'
  | 'escrowClock'

export interface ChaosPlanOptions {
  /**
   * Protocol v2: an escrow agent runs beside the desk; loan 0 is a v2 loan,
   * each other one is v2 or v1 by a draw; the agent is SIGKILLed, its price
   * set apart from the desk's oracle (a liquidation it does not see), its
   * clock moved ahead (dispute windows passing); the loan clock moves in
   * longer steps (defaults and their dispute windows). A v2 loan takes no
   * top-up. Without it the plans are the v1 plans, unchanged.
   */
  v2?: boolean
}

/**
 * The plan of a seed, drawn up front from the seed alone: 1 to 3 loans
 * (alice borrows from bob's desk; the principal pays alice or carol), and
 * between them interest (streamed or invoiced), top-ups, rollovers, price
 * moves and repayments, with faults at random points (desk SIGKILLs, the
 * agent or an lnd node restarting, the oracle stopping, also across a
 * rollover window). The same seed is the same plan; with `v2`, another
 * plan of the same seed, with v2 loans and the escrow agent's faults.
 *
 * @example
 * chaosPlan(7).actions.map(describeAction)
 * chaosPlan(7, { v2: true })
 */
export function chaosPlan(seed: number, { v2 = false }: ChaosPlanOptions = {}): ChaosPlan {
  const r = seededRandom(seed)
  const loans = r.weighted([
    [1, 4],
    [2, 4],
    [3, 2],
  ] as const)
  const actions: ChaosAction[] = []
  let opened = 0
  let oracleDown = false
  let oracleUpIn = 0
  // v2: the agent's price set apart from the desk's, until it follows again.
  let apart = false
  let followIn = 0
  const repaid = new Set<number>()
  const isV2 = new Set<number>()
  const open = () => {
    const action: Extract<ChaosAction, { kind: 'open' }> = {
      kind: 'open',
      loan: opened,
      principal: BigInt(r.int(10, 30)) * 1_000n,
      payee: r.chance(0.6) ? 'alice' : 'carol',
      // v2: more borrowers who stop paying (defaults, claimed at the escrow agent).
      interest: r.weighted([
        ['stream', 4],
        ['invoice', 4],
        ['none', v2 ? 4 : 2],
      ] as const),
      rollover: r.chance(0.15) ? 'ignore' : 'answer',
    }
    if (v2) {
      action.v2 = opened === 0 || r.chance(0.6)
      if (action.v2) isV2.add(opened)
    }
    actions.push(action)
    opened++
  }
  open()
  const steps = v2 ? r.int(6, 11) : r.int(4, 9)
  for (let i = 0; i < steps; i++) {
    const live = [...Array(opened).keys()].filter((loan) => !repaid.has(loan))
    // A v2 loan takes no top-up (the desk refuses it).
    const toppable = live.filter((loan) => !isV2.has(loan))
    const step: Step = r.weighted<Step>([
      ['open', opened < loans ? 3 : 0],
      ['advance', v2 ? 3 : 2],
      ['price', 1.2],
      ['topUp', toppable.length > 0 ? 1 : 0],
      ['rollover', live.length > 0 ? 2 : 0],
      ['mine', 0.5],
      ['repay', live.length > 0 ? 1 : 0],
      ['fault', 3],
    ])
    switch (step) {
      case 'open':
        open()
        break
      case 'advance':
        actions.push({ kind: 'advance', hours: v2 ? r.int(10, 30) : r.int(4, 14) })
        break
      case 'price':
        actions.push({
          kind: 'price',
          centsPerBtc: r.weighted([
            [CHAOS_BASE_PRICE, 3],
            [MARGIN_PRICE, 3],
            [CRASH_PRICE, 1],
            [12_000_000n, 1],
          ] as const),
        })
        break
      case 'topUp':
        actions.push({ kind: 'topUp', loan: r.pick(toppable), percent: r.int(10, 50) })
        break
      case 'rollover':
        actions.push({
          kind: 'rollover',
          loan: r.pick(live),
          extraBlocks: r.int(0, 3),
          through: oracleDown ? r.chance(0.6) : r.chance(0.2),
        })
        break
      case 'mine':
        actions.push({ kind: 'mine', blocks: r.int(1, 4) })
        break
      case 'repay': {
        const loan = r.pick(live)
        repaid.add(loan)
        actions.push({ kind: 'repay', loan })
        break
      }
      case 'fault': {
        const fault = r.weighted<Fault>([
          ['killDesk', 3.5],
          ['killDeskAt', 2.5],
          ['restartAgent', 1.5],
          ['restartNode', 1],
          ['oracle', oracleDown ? 0 : 1.5],
          ...(v2
            ? ([
                ['killEscrow', 2.5],
                ['escrowApart', apart ? 0 : 2],
                ['escrowClock', 1],
              ] as const)
            : []),
        ])
        if (fault === 'killDesk') {
          actions.push({ kind: 'killDesk', delayMs: r.int(0, 1_500), downMs: r.int(0, 2_000) })
        } else if (fault === 'killEscrow') {
          actions.push({ kind: 'killEscrow', delayMs: r.int(0, 1_500), downMs: r.int(0, 2_000) })
        } else if (fault === 'escrowApart') {
          // The agent keeps a price of its own; the desk's oracle mostly crashes right after.
          apart = true
          followIn = r.int(1, 3)
          actions.push({
            kind: 'escrowPrice',
            price: r.weighted<bigint | 'none'>([
              [CHAOS_BASE_PRICE, 3],
              [12_000_000n, 1],
              ['none', 1],
            ]),
          })
          if (r.chance(0.7)) actions.push({ kind: 'price', centsPerBtc: CRASH_PRICE })
          continue
        } else if (fault === 'escrowClock') {
          actions.push({ kind: 'escrowClock', hours: r.int(2, 12) })
        } else if (fault === 'killDeskAt') {
          const point = r.pick(
            v2 ? [...CHAOS_KILL_POINTS, ...CHAOS_V2_KILL_POINTS] : CHAOS_KILL_POINTS,
          )
          actions.push({ kind: 'killDeskAt', ...point, downMs: r.int(0, 1_500) })
        } else if (fault === 'restartAgent') {
          actions.push({ kind: 'restartAgent' })
        } else if (fault === 'restartNode') {
          actions.push({
            kind: 'restartNode',
            node: r.pick(['alice', 'bob']),
            crash: r.chance(0.5),
          })
        } else {
          oracleDown = true
          oracleUpIn = r.int(1, 3)
          actions.push({ kind: 'oracle', up: false })
          continue
        }
        break
      }
    }
    if (oracleDown && --oracleUpIn <= 0) {
      oracleDown = false
      actions.push({ kind: 'oracle', up: true })
    }
    if (apart && --followIn <= 0) {
      apart = false
      actions.push({ kind: 'escrowPrice', price: 'follow' })
    }
  }
  if (oracleDown) actions.push({ kind: 'oracle', up: true })
  if (apart) actions.push({ kind: 'escrowPrice', price: 'follow' })
  return { seed, v2, loans: opened, actions }
}
