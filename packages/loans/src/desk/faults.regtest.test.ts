import { connect } from 'node:net'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { describe, expect, it } from 'vitest'
import { memoryLoanStore } from '../store/memoryLoanStore.js'
import { payoutCltvLimit } from '../terms/lockCltvExpiry.js'
import { crashingStore } from '../testing/crashingStore.js'
import { shortLock, testTerms } from '../testing/deskFixture.js'
import { deskTestBed } from '../testing/deskTestBed.js'

// Faults of the desk's own: its lnd restarting under a loan, a crash around the
// principal's payment with the lock's payout window gone by the restart, and a
// client that leaves its connection half-open. Balances to the msat each time.

const net = await getTestNetwork()
const lock = shortLock
const store = crashingStore(memoryLoanStore())
const bed = deskTestBed(net, {
  terms: { ...testTerms, lock },
  store,
  deskOptions: { requestTimeoutMs: 1_000 },
})
const { carol, balances } = bed

/** carol's invoice for the principal, with the final CLTV the short lock period allows. */
const checkout = (amountMsat: bigint) =>
  carol.createInvoice({ amountMsat, memo: 'order', cltvExpiry: 24 })

/** Mines until the principal's payout window is shorter than the invoice's 24 blocks (+3 of lnd's padding). */
async function closeWindow(loanId: string) {
  const loan = (await store.getLoan(loanId))!
  const limit = payoutCltvLimit(lock, loan.locks[0]!.expiryHeight!, 0)
  const height = (await bed.bob.getInfo()).blockHeight
  // limit − height < 27 once height > limit − 27.
  await net.mine(Math.max(1, limit - 27 - height + 1))
}

describe("the desk's own faults", () => {
  it('its lnd restarts while the lock is paid: the loan opens, is repaid, and nothing is lost', async () => {
    const before = await balances()
    const quote = await bed.f.agent.quote({ principal: 20_000n })
    const opened = await bed.f.agent.open({ quote })
    await net.restartNode('bob')
    const loan = await bed.f.agent.waitForState(opened.loan.id, ['ACTIVE'], {
      timeoutMs: 60_000,
    })
    await bed.f.agent.repay(loan.id)
    expect(await opened.lock.outcome).toEqual({ status: 'released' })
    await bed.f.agent.waitForState(loan.id, ['REPAID'])
    expect(await balances()).toEqual(before)
  })

  it('a crash after the principal was paid, restarted once the window closed: followed by its hash, never sent again', async () => {
    const before = await balances()
    const quote = await bed.f.agent.quote({ principal: 20_000n })
    const invoice = await checkout(quote.principalMsat)
    store.crashBefore('principal.disbursed') // paid in lnd, not recorded
    const opened = await bed.f.agent.open({ quote, disbursementInvoice: invoice.paymentRequest })
    await store.crashed()
    await bed.f.restart(() => closeWindow(opened.loan.id))
    const loan = await bed.f.agent.waitForState(opened.loan.id, ['ACTIVE'], { timeoutMs: 30_000 })
    expect(loan.disbursement).toMatchObject({ status: 'SUCCEEDED' })
    const repaid = await bed.f.agent.repay(loan.id)
    await bed.f.agent.waitForState(loan.id, ['REPAID'])
    const after = await balances()
    expect(after.carol - before.carol).toBe(quote.principalMsat) // once
    expect(after.alice - before.alice).toBe(-repaid.invoice.amountMsat)
    expect(after.bob - before.bob).toBe(repaid.invoice.amountMsat - quote.principalMsat)
  })

  it('a crash before the principal was paid, restarted once the window closed: nothing is sent, the collateral goes back', async () => {
    const before = await balances()
    const quote = await bed.f.agent.quote({ principal: 20_000n })
    const invoice = await checkout(quote.principalMsat)
    store.crashAfter('principal.sending') // DISBURSING written, nothing sent
    const opened = await bed.f.agent.open({ quote, disbursementInvoice: invoice.paymentRequest })
    await store.crashed()
    await bed.f.restart(() => closeWindow(opened.loan.id))
    const loan = await bed.f.agent.waitForState(opened.loan.id, ['CANCELED'], { timeoutMs: 30_000 })
    expect(loan.disbursement).toMatchObject({ status: 'FAILED' })
    expect(loan.cancelReason).toMatch(/LOCK_WINDOW_PASSED/)
    expect(await opened.lock.outcome).toEqual({ status: 'released' })
    expect(await balances()).toEqual(before)
  })

  it('a principal recorded as failed is never sent again, even once the payee is back: the restarted desk only releases the lock', async () => {
    const before = await balances()
    const quote = await bed.f.agent.quote({ principal: 20_000n })
    const invoice = await checkout(quote.principalMsat)
    await net.stopNode('carol') // the payee is away: the principal fails
    try {
      store.crashAfter('principal.failed') // recorded FAILED, the lock not released yet
      const opened = await bed.f.agent.open({ quote, disbursementInvoice: invoice.paymentRequest })
      await store.crashed()
      await bed.f.restart(() => net.startNode('carol'))
      const loan = await bed.f.agent.waitForState(opened.loan.id, ['CANCELED'], {
        timeoutMs: 30_000,
      })
      expect(loan.disbursement).toMatchObject({ status: 'FAILED' })
      expect(await opened.lock.outcome).toEqual({ status: 'released' })
      // carol could be paid now; the desk does not try.
      expect((await carol.getInvoice({ paymentHash: invoice.paymentHash })).state).toBe('OPEN')
    } finally {
      await net.startNode('carol').catch(() => undefined)
    }
    expect(await balances()).toEqual(before)
  })

  it('a connection left half-open is closed by the desk, and serves others meanwhile', async () => {
    const url = new URL(bed.f.running.url)
    const socket = connect(Number(url.port), url.hostname)
    const closed = new Promise<number>((resolve) => {
      const opened = Date.now()
      socket.on('close', () => resolve(Date.now() - opened))
    })
    socket.on('error', () => undefined)
    let answer = ''
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString()
    })
    // Headers promising a body that never comes.
    socket.write(
      'POST /v1/quotes HTTP/1.1\r\nHost: desk\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"princ',
    )
    // Others are served meanwhile.
    await expect(bed.f.agent.quote({ principal: 20_000n })).resolves.toMatchObject({
      principal: 20_000n,
    })
    // The desk drops it after its request timeout (1 s here), checked every second.
    expect(await closed).toBeLessThan(5_000)
    expect(answer).toMatch(/^HTTP\/1\.1 408/)
    socket.destroy()
  })
})
