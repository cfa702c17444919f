import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { decideLoan, type LoanDecision } from '../desk/decideLoan.js'
import { priceOf } from '../desk/evaluate.js'
import { loanWake, MAX_WAKE_CENTS } from '../desk/loanWake.js'
import type { LoanRecord, LoanState, LockRecord } from '../loan/LoanRecord.js'
import type { LoanStore } from '../store/LoanStore.js'
import { defaultTerms } from '../terms/defaultTerms.js'
import { sampleLoan } from './sampleLoan.js'

const T = 1_700_000_000_000

// ---- random books ----

const lockArb = (n: number) =>
  fc
    .record({
      state: fc.constantFrom<LockRecord['state']>(
        'ACCEPTED',
        'ACCEPTED',
        'OPEN',
        'PENDING',
        'CANCELED',
      ),
      purpose: fc.constantFrom<LockRecord['purpose']>('initial', 'top-up', 'rollover'),
      amountSat: fc.bigInt({ min: 1n, max: 200_000_000n }),
      // mostly far from the first heights, so that most loans are idle
      expiryHeight: fc.option(
        fc.oneof(
          { arbitrary: fc.integer({ min: 0, max: 1_500 }), weight: 1 },
          { arbitrary: fc.integer({ min: 600, max: 3_000 }), weight: 3 },
        ),
        { freq: 8 },
      ),
      deadlineHeight: fc.option(fc.integer({ min: 0, max: 1_500 })),
    })
    .map(
      (l): LockRecord => ({
        id: `lock:${n}`,
        purpose: l.purpose,
        paymentHash: 'ef'.repeat(32),
        amountSat: l.amountSat,
        cltvExpiry: 465,
        paymentRequest: 'lnbcrt1',
        state: l.state,
        expiryHeight: l.expiryHeight ?? undefined,
        ...(l.deadlineHeight === null ? {} : { deadlineHeight: l.deadlineHeight }),
        createdAtMs: T,
      }),
    )

const loanArb = fc
  .record({
    state: fc.constantFrom<LoanState>(
      'ACTIVE',
      'ACTIVE',
      'ACTIVE',
      'ACTIVE',
      'ACTIVE',
      'DISBURSING',
      'LIQUIDATING',
      'REPAID',
      'AWAITING_LOCK',
    ),
    sat: fc.constantFrom(false, false, true),
    principal: fc.bigInt({ min: 1n, max: 20_000_000n }),
    centsPerBtc: fc.bigInt({ min: 1_000_000n, max: 20_000_000n }),
    marginCallLtvBps: fc.bigInt({ min: 5_000n, max: 9_000n }),
    // mostly above the margin call; sometimes anywhere
    liquidationLtvBps: fc.oneof(
      { arbitrary: fc.bigInt({ min: 0n, max: 2_000n }), weight: 4 },
      { arbitrary: fc.bigInt({ min: -4_000n, max: 3_000n }), weight: 1 },
    ),
    aprBps: fc.constantFrom(0n, 1n, 1_200n, 50_000n, 500_000n),
    intervalSeconds: fc.constantFrom(60, 3_600, 86_400, 86_400, 86_400),
    graceSeconds: fc.constantFrom(0, 60, 3_600, 86_400, 86_400, 86_400),
    termSeconds: fc.constantFrom(3_600, 86_400, 30 * 86_400, 30 * 86_400),
    rolloverLeadBlocks: fc.integer({ min: 0, max: 100 }),
    locks: fc.array(fc.nat(), { maxLength: 3 }).chain((ns) => fc.tuple(...ns.map(lockArb))),
    disbursed: fc.boolean(),
    accruedFor: fc.integer({ min: 0, max: 3 * 86_400_000 }),
    accruedMsat: fc.bigInt({ min: 0n, max: 100_000_000n }),
    paid: fc.constantFrom('none', 'some', 'ahead'),
    carry: fc.bigInt({ min: 0n, max: 1_000n }),
    dues: fc.oneof(
      { arbitrary: fc.constant([]), weight: 2 },
      {
        arbitrary: fc.array(fc.integer({ min: 0, max: 3 * 86_400_000 }), { maxLength: 3 }),
        weight: 1,
      },
    ),
    feeMsat: fc.bigInt({ min: 0n, max: 5_000_000n }),
    marginCall: fc.boolean(),
    // Held collateral close to a trigger (× 0.97 to 1.03), so that interest moves it across.
    nearTrigger: fc.option(fc.integer({ min: 9_700, max: 10_300 }), { freq: 5 }),
  })
  .map((r) => {
    const accruedToMs = T + r.accruedFor
    const paidMsat =
      r.paid === 'none' ? 0n : r.paid === 'some' ? r.accruedMsat / 2n : r.accruedMsat + 100_000n
    const dues = [...r.dues]
      .sort((a, b) => a - b)
      .filter((t) => T + t <= accruedToMs)
      .map((t, i) => ({ atMs: T + t, amountMsat: paidMsat + 1n + BigInt(i) }))
    // The collateral (sat) at which the loan is at its margin call at its own price.
    const valueSat = r.sat ? r.principal : (r.principal * 100_000_000n) / r.centsPerBtc
    const atTrigger = (valueSat * 10_000n) / (r.marginCallLtvBps > 0n ? r.marginCallLtvBps : 1n)
    const locks =
      r.nearTrigger === null || r.locks.length === 0
        ? r.locks
        : [
            {
              ...r.locks[0]!,
              state: 'ACCEPTED' as const,
              amountSat: (atTrigger * BigInt(r.nearTrigger)) / 10_000n + 1n,
            },
          ]
    return (id: string): LoanRecord =>
      sampleLoan({
        id,
        state: r.state,
        agreement: {
          ...sampleLoan().agreement,
          loanId: id,
          currency: r.sat ? 'sat' : 'USD',
          principal: r.principal,
          centsPerBtc: r.centsPerBtc,
          marginCallLtvBps: r.marginCallLtvBps,
          liquidationLtvBps: r.marginCallLtvBps + r.liquidationLtvBps,
          aprBps: r.aprBps,
          interestIntervalSeconds: r.intervalSeconds,
          gracePeriodSeconds: r.graceSeconds,
          termSeconds: r.termSeconds,
          lock: { ...defaultTerms.lock, rolloverLeadBlocks: r.rolloverLeadBlocks },
        },
        createdAtMs: T,
        disbursedAtMs: r.disbursed ? T : undefined,
        maturesAtMs: r.disbursed ? T + r.termSeconds * 1_000 : undefined,
        locks: locks.map((l, i) => ({ ...l, id: `${id}:lock:${i + 1}` })),
        disbursement: {
          paymentHash: 'ab'.repeat(32),
          amountMsat: 1n,
          status: 'SUCCEEDED',
          feeMsat: r.feeMsat,
          failure: undefined,
        },
        interest: {
          carry: r.carry,
          accruedMsat: r.accruedMsat,
          paidMsat,
          accruedToMs: r.disbursed ? accruedToMs : 0,
          dues: r.disbursed ? dues : [],
        },
        marginCall: r.marginCall ? { atMs: T, ltvBps: r.marginCallLtvBps } : undefined,
      })
  })

/**
 * A step of the path: a price (or the oracle down), a time and a height, each
 * either drawn at random or put on a loan's key, one off or exactly.
 */
const stepArb = fc.record({
  loan: fc.nat(),
  price: fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.record({
      // within 10% of a loan's own price
      kind: fc.constant('near' as const),
      bps: fc.bigInt({ min: 9_000n, max: 11_000n }),
    }),
    fc.record({
      kind: fc.constantFrom('below' as const, 'above' as const),
      off: fc.constantFrom(-1n, 0n, 1n),
    }),
  ),
  time: fc.oneof(
    fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 120_000 }), weight: 3 },
        { arbitrary: fc.integer({ min: 0, max: 2 * 86_400_000 }), weight: 1 },
      ),
    }),
    fc.record({
      kind: fc.constant('key' as const),
      off: fc.constantFrom(-1, 0, 1),
    }),
  ),
  height: fc.oneof(
    fc.record({
      kind: fc.constant('advance' as const),
      blocks: fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 5 }), weight: 3 },
        { arbitrary: fc.integer({ min: 0, max: 200 }), weight: 1 },
      ),
    }),
    fc.record({
      kind: fc.constant('key' as const),
      off: fc.constantFrom(-1, 0, 1),
    }),
  ),
})

/** What a decision does, for comparing two ticks' decisions. */
function summary(decision: LoanDecision): string {
  switch (decision.action) {
    case 'lock-deadline':
      return `lock-deadline@${decision.deadline}:${decision.offered}`
    case 'liquidate':
      return `liquidate:${decision.reason}:${decision.events.map((e) => e.type).join(',')}`
    default:
      return `${decision.action}:${decision.events.map((e) => e.type).join(',')}`
  }
}

function decisions(
  loans: readonly LoanRecord[],
  price: bigint | undefined,
  nowMs: number,
  height: number,
) {
  const taken = new Map<string, { summary: string; decision: LoanDecision }>()
  for (const loan of loans) {
    const snapshot =
      price === undefined ? undefined : { centsPerBtc: price, atMs: nowMs, sources: [] }
    const decision = decideLoan(loan, priceOf(loan.agreement.currency, snapshot), nowMs, height)
    if (decision) taken.set(loan.id, { summary: summary(decision), decision })
  }
  return taken
}

/** The book after the desk carried the decisions out (as far as the store sees them). */
function carriedOut(loan: LoanRecord, decision: LoanDecision): LoanRecord {
  switch (decision.action) {
    case 'lock-deadline':
      return { ...loan, state: 'LIQUIDATING' }
    case 'liquidate':
      return { ...decision.loan, state: 'LIQUIDATING' }
    default:
      return decision.loan
  }
}

const counts = { cases: 0, steps: 0, looks: 0, decisions: 0, woken: 0, scanned: 0 }
afterAll(() => {
  console.log(
    `wake index property: ${counts.cases} cases, ${counts.steps} ticks, ${counts.looks} loan looks, ${counts.decisions} decisions; the index woke ${counts.woken} active loans of ${counts.scanned} scanned`,
  )
})

/**
 * The wake index's invariant as a property, over each store given (a name and
 * a function that opens a fresh, empty one): on random books and random paths
 * of prices, times and heights, the loans `listWaking` returns get exactly the
 * decisions a full scan of the book gets. The unit tests run it over memory
 * and SQLite, the regtest suite over PostgreSQL.
 */
export function wakeIndexProperty(
  stores: readonly [string, () => Promise<LoanStore>][],
  numRuns: number,
): void {
  describe.each(stores)('the wake index of %s', (_name, open) => {
    it('at every price, time and height of a random path, the indexed tick decides exactly what a full scan decides', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(loanArb, { minLength: 1, maxLength: 8 }),
          fc.array(stepArb, { minLength: 1, maxLength: 12 }),
          async (makers, steps) => {
            counts.cases++
            const store = await open()
            try {
              for (const [i, make] of makers.entries()) await store.saveLoan(make(`loan-${i}`))
              let nowMs = T
              let height = 500
              for (const step of steps) {
                const book = await store.listLoans()
                const active = book.filter((l) => l.state === 'ACTIVE')
                const chosen = active[step.loan % Math.max(active.length, 1)] ?? book[0]!
                const wake = loanWake(chosen)
                const t = step.time
                nowMs = t.kind === 'advance' ? nowMs + t.ms : (wake.atMs ?? nowMs) + t.off
                if (!Number.isSafeInteger(nowMs)) nowMs = T
                const h = step.height
                height =
                  h.kind === 'advance' ? height + h.blocks : (wake.atHeight ?? height) + h.off
                const p = step.price
                let price =
                  p.kind === 'none'
                    ? undefined
                    : p.kind === 'near'
                      ? (chosen.agreement.centsPerBtc * p.bps) / 10_000n
                      : ((p.kind === 'below' ? wake.belowCents : wake.aboveCents) ?? 10_000_000n) +
                        p.off
                if (price !== undefined && (price < 1n || price > MAX_WAKE_CENTS)) price = 1n

                const full = decisions(book, price, nowMs, height)
                const waking = await store.listWaking!({
                  ...(price !== undefined && { centsPerBtc: price }),
                  nowMs,
                  height,
                })
                const indexed = decisions(waking, price, nowMs, height)
                expect(new Map([...indexed].map(([id, d]) => [id, d.summary]))).toEqual(
                  new Map([...full].map(([id, d]) => [id, d.summary])),
                )
                // Every loan in flight is looked at.
                for (const loan of book.filter(
                  (l) => l.state === 'DISBURSING' || l.state === 'LIQUIDATING',
                )) {
                  expect(waking.map((l) => l.id)).toContain(loan.id)
                }
                counts.steps++
                counts.looks += book.length
                counts.decisions += full.size
                counts.woken += waking.filter((l) => l.state === 'ACTIVE').length
                counts.scanned += active.length
                // The desk carries them out: the store keys the loans again.
                for (const [id, { decision }] of full) {
                  const loan = book.find((l) => l.id === id)!
                  await store.saveLoan(carriedOut(loan, decision))
                }
              }
            } finally {
              await store.close()
            }
          },
        ),
        { numRuns },
      )
    })
  })
}
