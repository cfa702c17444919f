import { bytesToHex } from '@btcfi/core'
import { schnorr } from '@noble/curves/secp256k1.js'
import { describe, expect, it } from 'vitest'
import { lenderRequestText, signLenderRequest, verifyLenderRequest } from './lenderRequest.js'

const lenderSecret = new Uint8Array(32).fill(7)
const lenderKey = bytesToHex(schnorr.getPublicKey(lenderSecret))
const hash = 'ab'.repeat(32)

describe('lender requests', () => {
  it('sign a tag naming the action, then the canonical JSON of the fields and the hash', () => {
    expect(lenderRequestText('default', hash.toUpperCase(), { kind: 'interest', dueAtMs: 5 })).toBe(
      `btcfi-escrow/2 default:{"dueAtMs":5,"kind":"interest","paymentHash":"${hash}"}`,
    )
    expect(lenderRequestText('retire', hash, {})).toBe(
      `btcfi-escrow/2 retire:{"paymentHash":"${hash}"}`,
    )
  })

  it("verify with the lender's key over exactly that action, lock and fields", () => {
    const signature = signLenderRequest('release', hash, { ground: 'liquidation' }, lenderSecret)
    expect(() =>
      verifyLenderRequest(
        'release',
        hash.toUpperCase(),
        { ground: 'liquidation' },
        signature,
        lenderKey,
      ),
    ).not.toThrow()
    const refusals = [
      () => verifyLenderRequest('release', hash, { ground: 'default' }, signature, lenderKey),
      () =>
        verifyLenderRequest(
          'release',
          'cd'.repeat(32),
          { ground: 'liquidation' },
          signature,
          lenderKey,
        ),
      () => verifyLenderRequest('retire', hash, {}, signature, lenderKey),
      () =>
        verifyLenderRequest(
          'release',
          hash,
          { ground: 'liquidation' },
          signature,
          bytesToHex(schnorr.getPublicKey(new Uint8Array(32).fill(8))),
        ),
      () => verifyLenderRequest('release', hash, { ground: 'liquidation' }, 'zz', lenderKey),
      () =>
        verifyLenderRequest('release', hash, { ground: 'liquidation' }, signature, 'ff'.repeat(32)),
    ]
    for (const refusal of refusals) {
      expect(refusal).toThrow(expect.objectContaining({ reason: 'BAD_SIGNATURE', status: 401 }))
    }
    expect(() =>
      verifyLenderRequest('release', hash, { ground: 'liquidation' }, undefined, lenderKey),
    ).toThrow(expect.objectContaining({ reason: 'UNSIGNED', status: 401 }))
  })
})
