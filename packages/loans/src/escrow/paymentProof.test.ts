import { bytesToHex, type Hex, paymentHashOf, randomPreimage } from '@btcfi/core'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import bolt11 from 'bolt11'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deskInvoiceMemo, parseDeskInvoiceMemo } from '../protocol/deskInvoiceMemo.js'
import { answersDefault, MAX_PAYMENT_PROOFS } from './paymentProof.js'

const deskKey = new Uint8Array(32).fill(7)
const otherKey = new Uint8Array(32).fill(8)
const deskPubkey = bytesToHex(secp256k1.getPublicKey(deskKey, true))
const hold = { loanId: 'ab'.repeat(16), deskPubkey }
const DUE = 1_800_000_000_000
const REGTEST = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] }

/** An invoice signed by `key` (the desk's node by default) and its preimage: a paid invoice's proof. */
function paid(description: string, key = deskKey, preimage: Hex = randomPreimage()) {
  const unsigned = bolt11.encode({
    network: REGTEST,
    millisatoshis: '1000000',
    timestamp: 1_700_000_000,
    tags: [
      { tagName: 'payment_hash', data: paymentHashOf(preimage) },
      { tagName: 'payment_secret', data: 'cc'.repeat(32) },
      { tagName: 'description', data: description },
    ],
  })
  return { invoice: bolt11.sign(unsigned, bytesToHex(key)).paymentRequest!, preimage }
}

const interest = { kind: 'interest' as const, dueAtMs: DUE }
const maturity = { kind: 'maturity' as const, dueAtMs: DUE }

describe('answersDefault: proofs of payment signed by the desk’s node', () => {
  it('the repayment answers any default; interest billed up to the due or later answers an interest default', () => {
    const repay = paid(deskInvoiceMemo(hold.loanId, 'repay'))
    expect(answersDefault(hold, interest, [repay])).toBe(true)
    expect(answersDefault(hold, maturity, [repay])).toBe(true)
    const upToDue = paid(deskInvoiceMemo(hold.loanId, 'interest', DUE))
    expect(answersDefault(hold, interest, [upToDue])).toBe(true)
    expect(answersDefault(hold, maturity, [upToDue])).toBe(false)
    const before = paid(deskInvoiceMemo(hold.loanId, 'interest', DUE - 1))
    expect(answersDefault(hold, interest, [before])).toBe(false)
    expect(answersDefault(hold, interest, [before, upToDue])).toBe(true)
  })

  it('refuses another loan’s invoice, another node’s, a preimage that is not the invoice’s, and what does not decode', () => {
    const otherLoan = paid(deskInvoiceMemo('cd'.repeat(16), 'repay'))
    expect(answersDefault(hold, interest, [otherLoan])).toBe(false)
    const otherNode = paid(deskInvoiceMemo(hold.loanId, 'repay'), otherKey)
    expect(answersDefault(hold, interest, [otherNode])).toBe(false)
    const repay = paid(deskInvoiceMemo(hold.loanId, 'repay'))
    expect(answersDefault(hold, interest, [{ ...repay, preimage: randomPreimage() }])).toBe(false)
    expect(answersDefault(hold, interest, [{ ...repay, preimage: 'zz' }])).toBe(false)
    expect(answersDefault(hold, interest, [{ ...repay, invoice: 'lnbcrt1garbage' }])).toBe(false)
    // A memo of another shape (the principal's invoice, a collateral lock's).
    const principal = paid(`btcfi loan ${hold.loanId} principal`)
    expect(answersDefault(hold, interest, [principal])).toBe(false)
  })

  it('reads no more than MAX_PAYMENT_PROOFS proofs', () => {
    const useless = paid(deskInvoiceMemo(hold.loanId, 'interest', DUE - 1))
    const repay = paid(deskInvoiceMemo(hold.loanId, 'repay'))
    const many = Array.from({ length: MAX_PAYMENT_PROOFS }, () => useless)
    expect(answersDefault(hold, interest, [...many.slice(1), repay])).toBe(true)
    expect(answersDefault(hold, interest, [...many, repay])).toBe(false)
  })
})

describe('deskInvoiceMemo', () => {
  it('reads back what it writes, and nothing else (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9a-f]{32}$/),
        fc.option(fc.integer({ min: 0, max: 4_000_000_000_000 }), { nil: undefined }),
        (loanId, accruedToMs) => {
          const kind = accruedToMs === undefined ? 'repay' : 'interest'
          expect(parseDeskInvoiceMemo(deskInvoiceMemo(loanId, kind, accruedToMs))).toEqual(
            kind === 'repay' ? { loanId, kind } : { loanId, kind, accruedToMs },
          )
        },
      ),
    )
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (memo) => {
        const parsed = parseDeskInvoiceMemo(memo)
        if (parsed)
          expect(
            deskInvoiceMemo(
              parsed.loanId,
              parsed.kind,
              'accruedToMs' in parsed ? parsed.accruedToMs : undefined,
            ),
          ).toBe(memo)
      }),
    )
    expect(parseDeskInvoiceMemo(undefined)).toBeUndefined()
    expect(parseDeskInvoiceMemo(`btcfi loan ${hold.loanId} interest`)).toBeUndefined()
  })
})
