import type { AnyRpc, Backend } from '@btcfi/core'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { rpcs } from '@btcfi/wire'
import { describe, expect, it, vi } from 'vitest'
import { isLoanError } from '../errors/LoanError.js'
import { deskTestBed } from '../testing/deskTestBed.js'

// A borrower who asks for more than the desk will give: a flood of quotes, top-ups
// without end, a lock paid after the price fell, a top-up lnd refuses. Each is
// bounded or refused, and no balance moves for it.

const net = await getTestNetwork()
const bed = deskTestBed(net, { deskOptions: { limits: { topUpsPerLoan: 2 } } })
const { bob, balances } = bed

describe('what a borrower can make the desk do is bounded', () => {
  it('a flood of quotes asks the oracle about once a second, and is refused (429) past 30 a minute', async () => {
    const asked = vi.spyOn(bed.f.oracle, 'getPrice')
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, () => bed.f.agent.quote({ principal: 50_000n })),
    )
    const refused = results.filter(
      (r) => r.status === 'rejected' && isLoanError(r.reason, 'RATE_LIMITED'),
    )
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeLessThanOrEqual(30)
    expect(refused.length).toBeGreaterThanOrEqual(10)
    expect(refused.length + results.filter((r) => r.status === 'fulfilled').length).toBe(40)
    // The quotes that were made cost at most a couple of oracle calls, not one each.
    expect(asked.mock.calls.length).toBeLessThanOrEqual(3)
    asked.mockRestore()
    // A minute later, quotes are served again.
    bed.f.clock.advance(60_000)
    await expect(bed.f.agent.quote({ principal: 50_000n })).resolves.toMatchObject({
      principal: 50_000n,
    })
  })

  it('a lock paid after the price fell below the margin call is refused: nothing paid, nothing kept', async () => {
    const before = await balances()
    const quote = await bed.f.agent.quote({ principal: 50_000n })
    bed.f.oracle.set(6_000_000n) // $60,000: LTV 83% ≥ the 80% margin call
    try {
      const opened = await bed.f.agent.open({ quote })
      expect(await opened.lock.outcome).toEqual({ status: 'released' })
      const loan = await bed.f.agent.waitForState(opened.loan.id, ['CANCELED'])
      expect(loan.disbursement).toBeUndefined()
      expect(loan.cancelReason).toMatch(/price moved/)
    } finally {
      bed.f.oracle.set(10_000_000n)
    }
    expect(await balances()).toEqual(before)
  })

  it('top-ups are bounded: no more than the collateral at once, one open at a time, two in a loan', async () => {
    const before = await balances()
    const opened = await bed.f.agent.open({
      quote: await bed.f.agent.quote({ principal: 20_000n }),
    })
    const loan = await bed.f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    const borrower = await bed.f.agent.pubkey()
    const desk = bed.f.running.desk
    const collateral = loan.agreement.collateralSat
    await expect(desk.topUp(loan.id, borrower, collateral + 1n)).rejects.toMatchObject({
      reason: 'LIMIT_REACHED',
    })
    const first = await desk.topUp(loan.id, borrower, 1_000n)
    // Asked again (an answer lost): the same lock; another amount while it is open: refused.
    expect(await desk.topUp(loan.id, borrower, 1_000n)).toEqual(first)
    await expect(desk.topUp(loan.id, borrower, 1_500n)).rejects.toMatchObject({
      reason: 'LIMIT_REACHED',
    })
    // The first is let go (its invoice canceled), then one more is allowed, and no third.
    await bob.cancelHoldInvoice({ paymentHash: first.paymentHash })
    await expect
      .poll(async () => (await bed.f.agent.status(loan.id)).locks.map((l) => l.state))
      .toEqual(['ACCEPTED', 'CANCELED'])
    const paid = await bed.f.agent.topUp(loan.id, 2_000n)
    await expect
      .poll(async () => (await bed.f.agent.status(loan.id)).locks.map((l) => l.state))
      .toEqual(['ACCEPTED', 'CANCELED', 'ACCEPTED'])
    await expect(desk.topUp(loan.id, borrower, 1_000n)).rejects.toMatchObject({
      reason: 'LIMIT_REACHED',
    })
    await bed.f.agent.repay(loan.id)
    expect(await paid.outcome).toEqual({ status: 'released' })
    await bed.f.agent.waitForState(loan.id, ['REPAID'])
    expect(await balances()).toEqual(before)
  })

  it('a top-up lnd refuses is dropped, not left pending: the desk restarts and the loan goes on', async () => {
    const before = await balances()
    const opened = await bed.f.agent.open({
      quote: await bed.f.agent.quote({ principal: 20_000n }),
    })
    const loan = await bed.f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    const backend = bob.backend
    const original = backend.call
    // lnd refuses every new hold invoice (as it does one over its size limits).
    const refusal = new Error('invoice too large')
    backend.call = ((rpc: AnyRpc, ...rest: unknown[]) =>
      rpc === rpcs.addHoldInvoice
        ? Promise.reject(refusal)
        : (original as (...args: unknown[]) => Promise<unknown>)(rpc, ...rest)) as Backend['call']
    try {
      await expect(bed.f.agent.topUp(loan.id, 1_000n)).rejects.toMatchObject({
        reason: 'DESK_ERROR',
      })
      const after = await bed.f.agent.status(loan.id)
      expect(after.locks.map((l) => [l.purpose, l.state])).toEqual([
        ['initial', 'ACCEPTED'],
        ['top-up', 'CANCELED'],
      ])
      expect((await bed.f.agent.events(loan.id)).map((e) => e.type)).toContain('lock.rejected')
      // Restarted while lnd still refuses: recovery has nothing pending to redo.
      await bed.f.restart()
    } finally {
      backend.call = original
    }
    await bed.f.agent.repay(loan.id)
    await bed.f.agent.waitForState(loan.id, ['REPAID'])
    expect(bed.f.errors.filter((e) => e.includes(loan.id))).toEqual([])
    expect(await balances()).toEqual(before)
  })
})
