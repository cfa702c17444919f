import { describe, expect, it } from 'vitest'
import * as fx from '../testing/lndReplies.js'
import { mapSentCoins, mapWalletBalance, toAddressType, toSendCoinsBody } from './onchain.js'

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
})
