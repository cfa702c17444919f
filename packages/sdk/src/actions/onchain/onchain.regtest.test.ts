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

  it('refuses to send without an amount', async () => {
    await expect(alice.sendCoins({ address: 'bcrt1qxyz' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      argument: 'amountSat',
    })
  })
})
