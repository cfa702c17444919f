import { getTestNetwork } from '@btcfi/regtest/vitest'
import { afterAll, describe, expect, it } from 'vitest'
import type { LightningClient } from '../../client/lightningActions.js'
import { closeContractTargets, contractTargets } from '../../testing/contract.js'
import type { HistoryEntry } from './listHistory.js'

// The history feed on the regtest network: each node's feed read to its end,
// then new activity (a payment across bob, an on-chain send), then read on
// from the kept cursor by a new client, as after a restart.

const net = await getTestNetwork()
const targets = await contractTargets(net, ['alice', 'bob', 'carol'])
afterAll(closeContractTargets)

/** Reads a feed to its end, `limit` at a time: the entries and the cursor to go on from. */
async function readToEnd(client: LightningClient, cursor?: string, limit = 1_000) {
  const entries: HistoryEntry[] = []
  for (;;) {
    const page = await client.listHistory({ limit, ...(cursor ? { cursor } : {}) })
    entries.push(...page.entries)
    cursor = page.cursor
    if (!page.hasMore) return { entries, cursor }
  }
}

describe.each(targets)('the history feed over %s', (_kind, { alice, bob, carol, fresh }) => {
  it('goes on from kept cursors with exactly the new payment, invoice, forward and on-chain send, to the msat', async () => {
    const start = {
      alice: (await readToEnd(alice)).cursor,
      bob: (await readToEnd(bob)).cursor,
      carol: (await readToEnd(carol)).cursor,
    }

    const amountMsat = 7_654_321n
    const invoice = await carol.createInvoice({ amountMsat, memo: 'history' })
    const payment = await alice.payInvoice({ paymentRequest: invoice.paymentRequest })
    const address = await carol.newAddress()
    const { txid } = await alice.sendCoins({ address, amountSat: 43_210n, satPerVbyte: 2n })
    await net.mine(1)
    await expect
      .poll(
        async () => (await alice.listTransactions()).find((t) => t.txid === txid)?.confirmations,
      )
      .toBe(1)

    // New clients, as after a restart: only the cursors are kept.
    const [alice2, bob2, carol2] = await Promise.all([fresh('alice'), fresh('bob'), fresh('carol')])
    const a = await readToEnd(alice2, start.alice, 1)
    // alice mines the regtest blocks: their coinbase outputs are receipts of hers too.
    const mined = a.entries.filter((e) => e.kind === 'onchain' && e.id !== `onchain:${txid}`)
    for (const coinbase of mined) expect(coinbase.deltaMsat).toBeGreaterThan(0n)
    expect(
      a.entries
        .filter((e) => !mined.includes(e))
        .map((e) => e.kind)
        .sort(),
    ).toEqual(['onchain', 'payment'])
    const paid = a.entries.find((e) => e.kind === 'payment')!
    expect(paid).toMatchObject({ id: `payment:${payment.paymentIndex}` })
    expect(paid.deltaMsat).toBe(-(amountMsat + payment.feeMsat))
    const sent = a.entries.find((e) => e.id === `onchain:${txid}`)!
    if (sent.kind !== 'onchain') throw new Error('expected an on-chain entry')
    expect(sent.deltaMsat).toBe(-(43_210n + sent.transaction.feeSat) * 1_000n)

    const c = await readToEnd(carol2, start.carol)
    const received = c.entries.filter((e) => e.kind === 'invoice')
    expect(received).toHaveLength(1)
    expect(received[0]).toMatchObject({ deltaMsat: amountMsat })
    // carol's side of the on-chain send is hers too.
    expect(c.entries.find((e) => e.kind === 'onchain')).toMatchObject({
      id: `onchain:${txid}`,
      deltaMsat: 43_210_000n,
    })

    const b = await readToEnd(bob2, start.bob)
    expect(b.entries.map((e) => [e.kind, e.deltaMsat])).toEqual([['forward', payment.feeMsat]])

    // Read to the end, a feed has nothing more until something happens.
    for (const [client, cursor] of [
      [alice2, a.cursor],
      [bob2, b.cursor],
      [carol2, c.cursor],
    ] as const) {
      const page = await client.listHistory({ cursor })
      expect(page).toMatchObject({ entries: [], cursor, hasMore: false })
    }
  })

  it('refuses a cursor it did not write, and a limit out of range', async () => {
    await expect(alice.listHistory({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      argument: 'cursor',
    })
    await expect(alice.listHistory({ limit: 0 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      argument: 'limit',
    })
  })
})
