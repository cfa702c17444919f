import type { Invoice } from '@btcfi/core'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, describe, expect, it } from 'vitest'
import { closeContractTargets, contractTargets } from '../testing/contract.js'

const net = await getTestNetwork()
const targets = await contractTargets(net, ['alice', 'carol'])
afterAll(closeContractTargets)

describe.each(targets)('watchers through an lnd restart over %s', (_kind, { alice, carol }) => {
  it('a watchInvoice started before carol restarts sees SETTLED after', async () => {
    const created = await carol.createInvoice({ amountMsat: 9_000n })
    const states: Invoice['state'][] = []
    const reconnects: number[] = []
    const unwatch = carol.watchInvoice({
      paymentHash: created.paymentHash,
      onUpdate: (invoice) => states.push(invoice.state),
      onReconnect: (attempt) => reconnects.push(attempt),
    })
    try {
      await expect.poll(() => states).toEqual(['OPEN'])
      await net.restartNode('carol')
      await alice.payInvoice({ paymentRequest: created.paymentRequest })
      await expect.poll(() => states, { timeout: 20_000 }).toEqual(['OPEN', 'SETTLED'])
      expect(reconnects.length).toBeGreaterThan(0)
    } finally {
      unwatch()
    }
  })

  it('stops when cancelled', async () => {
    const created = await carol.createInvoice({ amountMsat: 9_000n })
    const states: Invoice['state'][] = []
    const controller = new AbortController()
    carol.watchInvoice({
      paymentHash: created.paymentHash,
      onUpdate: (i) => states.push(i.state),
      signal: controller.signal,
    })
    await expect.poll(() => states).toEqual(['OPEN'])
    controller.abort()
    await alice.payInvoice({ paymentRequest: created.paymentRequest })
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(states).toEqual(['OPEN'])
  })
})
