import { describe, expect, it, vi } from 'vitest'
import type { LoanRecord, LockRecord } from '../loan/LoanRecord.js'
import { memoryLoanStore } from '../store/memoryLoanStore.js'
import { offlineDeskContext } from '../testing/offlineDeskContext.js'
import { sampleLoan } from '../testing/sampleLoan.js'
import { onLockUpdate } from './lockWatch.js'

const node = vi.hoisted(() => ({
  cancelHoldInvoice: vi.fn(async () => {
    throw new Error('already canceled')
  }),
  getInvoice: vi.fn(async () => ({ state: 'CANCELED' })),
}))
vi.mock('@btcfi/sdk', async (original) => ({
  ...(await original<typeof import('@btcfi/sdk')>()),
  cancelHoldInvoice: node.cancelHoldInvoice,
  getInvoice: node.getInvoice,
}))

describe('onLockUpdate', () => {
  it('the old lock of a rollover canceled by a worker that died before recording it: the rollover is completed', async () => {
    const base = sampleLoan()
    const old: LockRecord = { ...base.locks[0]!, state: 'ACCEPTED', expiryHeight: 600 }
    const rollover: LockRecord = {
      ...old,
      id: `${base.id}:lock:2`,
      purpose: 'rollover',
      paymentHash: '12'.repeat(32),
      expiryHeight: 900,
    }
    const loan: LoanRecord = sampleLoan({ state: 'ACTIVE', locks: [old, rollover] })
    const store = memoryLoanStore()
    await store.saveLoan(loan)
    const ctx = offlineDeskContext(store)
    // lnd reports the old lock CANCELED (the dead worker canceled it).
    await onLockUpdate(ctx, loan.id, old.id, { state: 'CANCELED' } as never)
    const events = (await store.listEvents({ loanId: loan.id })).map((e) => e.type)
    expect(events).toEqual(['lock.canceled', 'rollover.completed'])
    const saved = (await store.getLoan(loan.id))!
    expect(saved.locks.map((l) => l.state)).toEqual(['CANCELED', 'ACCEPTED'])
    expect(saved.state).toBe('ACTIVE')
  })
})
