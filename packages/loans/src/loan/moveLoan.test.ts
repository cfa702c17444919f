import type { Client } from '@btcfi/sdk'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createDeskContext } from '../desk/DeskContext.js'
import { isLoanError } from '../errors/LoanError.js'
import type { PriceOracle } from '../oracle/PriceOracle.js'
import { memoryLoanStore } from '../store/memoryLoanStore.js'
import { defaultTerms } from '../terms/defaultTerms.js'
import { sampleLoan } from '../testing/sampleLoan.js'
import { finalLoanStates, type LoanState } from './LoanRecord.js'
import { assertMove, canMove, loanTransitions, moveLoan } from './moveLoan.js'

const states = Object.keys(loanTransitions) as LoanState[]
// The diagram of docs/loans.md, written out once more: the table must say the same.
const diagram: [LoanState, LoanState][] = [
  ['AWAITING_LOCK', 'DISBURSING'],
  ['AWAITING_LOCK', 'CANCELED'],
  ['DISBURSING', 'ACTIVE'],
  ['DISBURSING', 'CANCELED'],
  ['ACTIVE', 'REPAID'],
  ['ACTIVE', 'LIQUIDATING'],
  ['LIQUIDATING', 'LIQUIDATED'],
]

describe('moveLoan: only the moves of the diagram', () => {
  it('allows exactly the diagram’s moves (and staying put)', () => {
    for (const from of states) {
      for (const to of states) {
        const inDiagram = diagram.some(([a, b]) => a === from && b === to)
        expect(canMove(from, to), `${from} → ${to}`).toBe(from === to || inDiagram)
      }
    }
  })
  it('final states go nowhere', () => {
    for (const from of finalLoanStates) expect(loanTransitions[from]).toEqual([])
  })
  it('refuses any other move with LOAN_STATE, naming both states', () => {
    fc.assert(
      fc.property(fc.constantFrom(...states), fc.constantFrom(...states), (from, to) => {
        const loan = sampleLoan({ state: from })
        if (canMove(from, to)) {
          expect(moveLoan(loan, to).state).toBe(to)
          return
        }
        try {
          moveLoan(loan, to)
          expect.unreachable()
        } catch (error) {
          expect(isLoanError(error, 'LOAN_STATE')).toBe(true)
          expect((error as Error).message).toContain(`from ${from} to ${to}`)
        }
      }),
    )
  })
  it('a new loan starts AWAITING_LOCK', () => {
    expect(() => assertMove('x', undefined, 'AWAITING_LOCK')).not.toThrow()
    expect(() => assertMove('x', undefined, 'ACTIVE')).toThrow(/from nothing to ACTIVE/)
  })
})

describe("the desk's save is the gate of every state change", () => {
  const ctx = () =>
    createDeskContext({
      client: {} as Client,
      store: memoryLoanStore(),
      oracle: {} as PriceOracle,
      secret: new Uint8Array(32).fill(7),
      terms: defaultTerms,
      pubkey: '02'.padEnd(66, 'b'),
      network: 'regtest',
      now: () => 1_700_000_000_000,
      lockExpirySeconds: 600,
      invoiceExpirySeconds: 600,
    })

  it('refuses to write a loan that skips a state, even built by hand', async () => {
    const c = ctx()
    const saved = await c.save(sampleLoan())
    // A record spread by hand into ACTIVE, past DISBURSING: refused, and nothing written.
    await expect(c.save({ ...saved, state: 'ACTIVE' })).rejects.toMatchObject({
      reason: 'LOAN_STATE',
    })
    expect((await c.store.getLoan(saved.id))?.state).toBe('AWAITING_LOCK')
    // A repaid loan never becomes active again.
    const disbursing = await c.save(moveLoan(saved, 'DISBURSING'))
    const active = await c.save(moveLoan(disbursing, 'ACTIVE'))
    const repaid = await c.save(moveLoan(active, 'REPAID'))
    await expect(c.save({ ...repaid, state: 'ACTIVE' })).rejects.toMatchObject({
      reason: 'LOAN_STATE',
    })
    await expect(c.save({ ...sampleLoan({ id: 'loan-2' }), state: 'ACTIVE' })).rejects.toThrow(
      /from nothing to ACTIVE/,
    )
  })
})
