import { PaymentFailedError } from '@btcfi/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { LoanRecord } from '../loan/LoanRecord.js'
import { memoryLoanStore } from '../store/memoryLoanStore.js'
import { offlineDeskContext } from '../testing/offlineDeskContext.js'
import { sampleLoan } from '../testing/sampleLoan.js'
import { disburse } from './disburse.js'

// The node is replaced by spies: what matters here is whether the desk sends.
const node = vi.hoisted(() => ({
  payInvoice: vi.fn(async () => ({ feeMsat: 0n })),
  cancelHoldInvoice: vi.fn(async () => {}),
  /** What lnd says of the hash: nothing yet (NOT_FOUND) by default. */
  trackPayment: vi.fn(async (): Promise<{ feeMsat: bigint }> => {
    throw new (await import('@btcfi/core')).NotFoundError('Payment')
  }),
}))
vi.mock('@btcfi/sdk', async (original) => ({
  ...(await original<typeof import('@btcfi/sdk')>()),
  payInvoice: node.payInvoice,
  trackPayment: node.trackPayment,
  getInfo: async () => ({ blockHeight: 100 }),
  cancelHoldInvoice: node.cancelHoldInvoice,
}))
vi.mock('@btcfi/core', async (original) => ({
  ...(await original<typeof import('@btcfi/core')>()),
  decodeInvoice: () => ({
    paymentHash: 'ab'.repeat(32),
    minFinalCltvExpiry: 24,
    expiresAt: new Date(Date.now() + 3_600_000),
    amountMsat: 500_000_000n,
  }),
}))

const T = 1_700_000_000_000

function disbursing(): LoanRecord {
  const base = sampleLoan()
  return sampleLoan({
    state: 'DISBURSING',
    locks: [{ ...base.locks[0]!, state: 'ACCEPTED', expiryHeight: 100 + 1_000 }],
    disbursement: {
      paymentHash: 'ab'.repeat(32),
      amountMsat: 500_000_000n,
      status: 'SENDING',
      feeMsat: 0n,
      failure: undefined,
    },
  })
}

async function deskOn(loan: LoanRecord) {
  const store = memoryLoanStore()
  await store.saveLoan(loan)
  const ctx = offlineDeskContext(store, () => T)
  const settled = async () => {
    while (ctx.running.size > 0) await Promise.allSettled([...ctx.running])
  }
  return { store, ctx, settled }
}

describe('disburse', () => {
  beforeEach(() => {
    node.payInvoice.mockClear()
    node.trackPayment.mockClear()
  })

  it('pays a DISBURSING loan once, and records it', async () => {
    const listed = disbursing()
    const { store, ctx, settled } = await deskOn(listed)
    disburse(ctx, (await store.getLoan(listed.id))!)
    disburse(ctx, (await store.getLoan(listed.id))!) // a second tick while it is followed
    await settled()
    expect(node.payInvoice).toHaveBeenCalledTimes(1)
    expect((await store.getLoan(listed.id))?.state).toBe('ACTIVE')
  })

  it('never sends a principal lnd failed before (a crash, or another worker): the loan is canceled', async () => {
    const listed = disbursing()
    const { store, ctx, settled } = await deskOn(listed)
    node.trackPayment.mockRejectedValueOnce(
      new PaymentFailedError('NO_ROUTE', { paymentHash: 'ab'.repeat(32) }),
    )
    disburse(ctx, listed)
    await settled()
    expect(node.payInvoice).not.toHaveBeenCalled()
    const loan = (await store.getLoan(listed.id))!
    expect(loan.state).toBe('CANCELED')
    expect(loan.disbursement).toMatchObject({ status: 'FAILED', failure: 'NO_ROUTE' })
    // The collateral goes back.
    expect(node.cancelHoldInvoice).toHaveBeenCalledWith(ctx.client, {
      paymentHash: listed.locks[0]!.paymentHash,
    })
  })

  it('sends nothing on a listing older than the recorded outcome (the lock already released)', async () => {
    const listed = { ...disbursing(), version: 1 }
    const { store, ctx, settled } = await deskOn(disbursing())
    // Another follow recorded the failure and released the lock after the tick listed the loan.
    const stored = (await store.getLoan(listed.id))!
    await store.saveLoan({
      ...stored,
      state: 'CANCELED',
      locks: stored.locks.map((l) => ({ ...l, state: 'CANCELED' as const })),
      disbursement: { ...stored.disbursement!, status: 'FAILED', failure: 'NO_ROUTE' },
    })
    disburse(ctx, listed)
    await settled()
    expect(node.payInvoice).not.toHaveBeenCalled()
    expect(node.trackPayment).not.toHaveBeenCalled()
    expect((await store.getLoan(listed.id))?.state).toBe('CANCELED')
  })
})
