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

/** A margin call's price: LTV about 83% on a 50% loan. */
const MARGIN_PRICE = 6_000_000n
/** A liquidation's price: LTV about 96% on a 50% loan. */
const CRASH_PRICE = 5_200_000n

type Step = 'open' | 'advance' | 'price' | 'topUp' | 'rollover' | 'mine' | 'repay' | 'fault'
type Fault = 'killDesk' | 'killDeskAt' | 'restartAgent' | 'restartNode' | 'oracle'

/**
 * The plan of a seed, drawn up front from the seed alone: 1 to 3 loans
 * (alice borrows from bob's desk; the principal pays alice or carol), and
 * between them interest (streamed or invoiced), top-ups, rollovers, price
 * moves and repayments, with faults at random points (desk SIGKILLs, the
 * agent or an lnd node restarting, the oracle stopping, also across a
 * rollover window). The same seed is the same plan.
 *
 * @example
 * chaosPlan(7).actions.map(describeAction)
 */
export function chaosPlan(seed: number): ChaosPlan {
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
  const repaid = new Set<number>()
  const open = () => {
    actions.push({
      kind: 'open',
      loan: opened,
      principal: BigInt(r.int(10, 30)) * 1_000n,
      payee: r.chance(0.6) ? 'alice' : 'carol',
      interest: r.weighted([
        ['stream', 4],
        ['invoice', 4],
        ['none', 2],
      ] as const),
      rollover: r.chance(0.15) ? 'ignore' : 'answer',
    })
    opened++
  }
  open()
  const steps = r.int(4, 9)
  for (let i = 0; i < steps; i++) {
    const live = [...Array(opened).keys()].filter((loan) => !repaid.has(loan))
    const step: Step = r.weighted<Step>([
      ['open', opened < loans ? 3 : 0],
      ['advance', 2],
      ['price', 1.2],
      ['topUp', live.length > 0 ? 1 : 0],
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
        actions.push({ kind: 'advance', hours: r.int(4, 14) })
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
        actions.push({ kind: 'topUp', loan: r.pick(live), percent: r.int(10, 50) })
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
        ])
        if (fault === 'killDesk') {
          actions.push({ kind: 'killDesk', delayMs: r.int(0, 1_500), downMs: r.int(0, 2_000) })
        } else if (fault === 'killDeskAt') {
          const point = r.pick(CHAOS_KILL_POINTS)
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
  }
  if (oracleDown) actions.push({ kind: 'oracle', up: true })
  return { seed, loans: opened, actions }
}
