import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chaosPlan } from './chaosPlan.js'
import { describeAction, isFault } from './describeAction.js'
import { seededRandom } from './seededRandom.js'

describe('seededRandom', () => {
  it('replays the same sequence for a seed, and another for another seed', () => {
    const draw = (seed: number) => Array.from({ length: 8 }, seededRandom(seed).next)
    expect(draw(7)).toEqual(draw(7))
    expect(draw(7)).not.toEqual(draw(8))
  })

  it('draws integers within their bounds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: -5, max: 5 }),
        (seed, min) => {
          const r = seededRandom(seed)
          for (let i = 0; i < 20; i++) {
            const x = r.int(min, min + 3)
            expect(x >= min && x <= min + 3 && Number.isInteger(x)).toBe(true)
          }
        },
      ),
    )
  })
})

describe('chaosPlan', () => {
  it('is the same plan for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        expect(chaosPlan(seed)).toEqual(chaosPlan(seed))
      }),
    )
  })

  it('opens loan 0 first, names only loans already opened, and ends with the oracle up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const { actions, loans } = chaosPlan(seed)
        expect(actions[0]).toMatchObject({ kind: 'open', loan: 0 })
        let opened = 0
        let oracleUp = true
        for (const action of actions) {
          if (action.kind === 'open') expect(action.loan).toBe(opened++)
          if ('loan' in action && action.kind !== 'open') expect(action.loan).toBeLessThan(opened)
          if (action.kind === 'oracle') oracleUp = action.up
          expect(describeAction(action).length).toBeGreaterThan(0)
        }
        expect(opened).toBe(loans)
        expect(loans).toBeLessThanOrEqual(3)
        expect(oracleUp).toBe(true)
      }),
    )
  })

  it('injects faults across seeds', () => {
    const faults = Array.from({ length: 100 }, (_, seed) => chaosPlan(seed).actions.filter(isFault))
    const kinds = new Set(faults.flat().map((f) => f.kind))
    expect([...kinds].sort()).toEqual([
      'killDesk',
      'killDeskAt',
      'oracle',
      'restartAgent',
      'restartNode',
    ])
    expect(chaosPlan(1)).not.toEqual(chaosPlan(2))
  })
})

describe('chaosPlan, v2', () => {
  it('opens loan 0 under v2, tops up no v2 loan, and ends with the agent on the desk’s price', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const plan = chaosPlan(seed, { v2: true })
        expect(plan.v2).toBe(true)
        expect(plan.actions[0]).toMatchObject({ kind: 'open', loan: 0, v2: true })
        const v2 = new Set<number>()
        let apart = false
        for (const action of plan.actions) {
          if (action.kind === 'open' && action.v2) v2.add(action.loan)
          if (action.kind === 'topUp') expect(v2.has(action.loan)).toBe(false)
          if (action.kind === 'escrowPrice') apart = action.price !== 'follow'
          expect(describeAction(action).length).toBeGreaterThan(0)
        }
        expect(apart).toBe(false)
      }),
    )
  })

  it('mixes v1 and v2 loans and injects the escrow agent’s faults across seeds; v1 plans have none', () => {
    const plans = Array.from({ length: 200 }, (_, seed) => chaosPlan(seed, { v2: true }))
    const kinds = new Set(plans.flatMap((p) => p.actions.filter(isFault).map((f) => f.kind)))
    for (const kind of ['killEscrow', 'escrowPrice', 'escrowClock', 'killDesk']) {
      expect(kinds).toContain(kind)
    }
    const opens = plans.flatMap((p) => p.actions.filter((a) => a.kind === 'open'))
    expect(opens.some((o) => o.v2 === false)).toBe(true)
    expect(opens.some((o) => o.v2 === true && o.loan > 0)).toBe(true)
    // A crash of the desk's price while the agent keeps its own: a liquidation it must refuse.
    expect(
      plans.some((p) =>
        p.actions.some(
          (a, i) =>
            a.kind === 'escrowPrice' && a.price !== 'follow' && p.actions[i + 1]?.kind === 'price',
        ),
      ),
    ).toBe(true)
    for (let seed = 0; seed < 200; seed++) {
      const v1 = chaosPlan(seed)
      expect(v1.v2).toBe(false)
      for (const action of v1.actions) {
        expect(['killEscrow', 'escrowPrice', 'escrowClock']).not.toContain(action.kind)
        if (action.kind === 'open') expect(action.v2).toBeUndefined()
      }
    }
  })
})
