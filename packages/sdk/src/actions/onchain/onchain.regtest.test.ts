import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, describe, expect, it } from 'vitest'
import { closeContractTargets, contractTargets } from '../../testing/contract.js'

const net = await getTestNetwork()
const targets = await contractTargets(net, ['alice', 'carol'])
afterAll(closeContractTargets)

describe.each(targets)('on-chain on the regtest network over %s', (_kind, { alice, carol }) => {
  it('sends to a new address and sees it confirmed', async () => {
    const address = await carol.newAddress()
    expect(address).toMatch(/^bcrt1q/)
    expect(await carol.newAddress({ type: 'p2tr' })).toMatch(/^bcrt1p/)
    const before = await carol.getOnchainBalance()
    const { txid } = await alice.sendCoins({ address, amountSat: 123_456n, satPerVbyte: 2n })
    expect(txid).toMatch(/^[0-9a-f]{64}$/)
    await net.mine(1)
    await expect
      .poll(async () => (await carol.getOnchainBalance()).confirmedSat - before.confirmedSat)
      .toBe(123_456n)
  })

  it("lists each side's transaction: what it received, and what it spent with the fee", async () => {
    const address = await carol.newAddress()
    const { txid } = await alice.sendCoins({ address, amountSat: 54_321n, satPerVbyte: 3n })
    const sent = (await alice.listTransactions()).find((t) => t.txid === txid)
    expect(sent).toMatchObject({ confirmations: 0, blockHeight: undefined })
    await net.mine(1)
    const { blockHeight: tip } = await carol.getInfo()
    const received = (await carol.listTransactions({ startHeight: tip })).find(
      (t) => t.txid === txid,
    )
    expect(received).toMatchObject({ amountSat: 54_321n, confirmations: 1, blockHeight: tip })
    expect(received!.outputs.find((o) => o.address === address)).toMatchObject({
      amountSat: 54_321n,
      isOurs: true,
    })
    const spent = (await alice.listTransactions({ startHeight: tip, endHeight: tip })).find(
      (t) => t.txid === txid,
    )
    // alice paid the fee: 3 sat/vB on a one-input, two-output transaction (≥ 110 vB).
    expect(spent!.feeSat).toBeGreaterThanOrEqual(330n)
    expect(spent!.amountSat).toBe(-(54_321n + spent!.feeSat))
    expect(spent!.blockHash).toMatch(/^[0-9a-f]{64}$/)
    expect(await carol.listTransactions({ startHeight: tip + 1, endHeight: tip + 10 })).toEqual([])
    await expect(carol.listTransactions({ startHeight: -5 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      argument: 'startHeight',
    })
  })

  it('refuses to send without an amount', async () => {
    await expect(alice.sendCoins({ address: 'bcrt1qxyz' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      argument: 'amountSat',
    })
  })
})
