import { describe, expect, it } from 'vitest'
import * as fx from '../testing/lndReplies.js'
import {
  mapSentCoins,
  mapTransactions,
  mapWalletBalance,
  toAddressType,
  toGetTransactionsRequest,
  toSendCoinsBody,
} from './onchain.js'

describe('on-chain mapping', () => {
  it('maps the wallet balance', () => {
    expect(mapWalletBalance(fx.walletBalance)).toEqual({
      totalSat: 1_256_489_999_303n,
      confirmedSat: 1_256_489_999_303n,
      unconfirmedSat: 0n,
      lockedSat: 0n,
    })
  })

  it('names address types as lnd does', () => {
    expect(toAddressType('p2wkh')).toBe('WITNESS_PUBKEY_HASH')
    expect(toAddressType('np2wkh')).toBe('NESTED_PUBKEY_HASH')
    expect(toAddressType('p2tr')).toBe('TAPROOT_PUBKEY')
    // @ts-expect-error: not an AddressType
    expect(() => toAddressType('p2pkh')).toThrow(/p2pkh/)
  })

  it('builds a SendCoinsRequest and maps its reply', () => {
    expect(
      toSendCoinsBody({
        address: 'bcrt1q...',
        amountSat: 10_000n,
        satPerVbyte: 2n,
        targetConf: 3,
        label: 'loan 7',
      }),
    ).toEqual({
      addr: 'bcrt1q...',
      amount: '10000',
      sat_per_vbyte: '2',
      target_conf: 3,
      label: 'loan 7',
    })
    expect(toSendCoinsBody({ address: 'bcrt1q...', sendAll: true })).toEqual({
      addr: 'bcrt1q...',
      send_all: true,
    })
    expect(mapSentCoins({ txid: 'ab'.repeat(32) })).toEqual({ txid: 'ab'.repeat(32) })
  })

  it('maps the wallet history: an unconfirmed send with its fee, and a confirmed receipt', () => {
    const [send, receipt] = mapTransactions(fx.getTransactions)
    expect(send).toMatchObject({
      txid: 'a0e627d2709dfa0da5763a8d5374d02c07cd88e3ee78ee79f8e160528bd921e5',
      amountSat: -54_780n,
      feeSat: 459n,
      confirmations: 0,
      blockHeight: undefined,
      blockHash: undefined,
      label: 'to carol',
    })
    expect(send!.outputs.map((o) => [o.outputIndex, o.amountSat, o.isOurs])).toEqual([
      [0, 4_999_945_220n, true],
      [1, 54_321n, false],
    ])
    // what the wallet spent: what it sent away, and the fee
    expect(-send!.amountSat).toBe(54_321n + send!.feeSat)
    expect(receipt).toMatchObject({
      amountSat: 5_000_000_000n,
      feeSat: 0n,
      confirmations: 508,
      blockHeight: 1,
      blockHash: '5b0feb1d292a6100e8b289170587cc18aa0f05139b7730531c072cfc9ad2a101',
    })
    expect(receipt!.at).toEqual(new Date(1_796_621_493_000))
    expect(mapTransactions({})).toEqual([])
  })

  it('asks for every transaction, the unconfirmed too, unless given heights', () => {
    expect(toGetTransactionsRequest({})).toEqual({ end_height: -1 })
    expect(toGetTransactionsRequest({ startHeight: 10, endHeight: 20 })).toEqual({
      start_height: 10,
      end_height: 20,
    })
    for (const bad of [{ startHeight: -1 }, { endHeight: -2 }, { startHeight: 1.5 }, null])
      expect(() => toGetTransactionsRequest(bad as never)).toThrow(/Invalid/)
  })
})
