import { bytesToHex, hexToBytes } from '@btcfi/core'
import { schnorr } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isLoanError } from '../errors/LoanError.js'
import {
  type EscrowClaim,
  escrowAttestationText,
  signEscrowAttestation,
  verifyEscrowAttestation,
} from './escrowAttestation.js'
import { openSealedPreimage, sealPreimage } from './sealPreimage.js'
import { testEscrowTerms } from './testing/escrowLock.js'

const agentSecret = new Uint8Array(32).fill(7)
const agentPubkey = bytesToHex(schnorr.getPublicKey(agentSecret))
const otherSecret = new Uint8Array(32).fill(9)
const preimageArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(bytesToHex)
const hashOf = (preimage: string) => bytesToHex(sha256(hexToBytes(preimage)))
const refused = (reason: 'ESCROW_PREIMAGE' | 'ESCROW_ATTESTATION') => (error: unknown) =>
  isLoanError(error, reason)

describe('sealPreimage', () => {
  it('opens to the same preimage with the agent’s key, for the same loan and hash (property)', () => {
    fc.assert(
      fc.property(preimageArb, fc.string({ maxLength: 40 }), (preimage, loanId) => {
        const context = { loanId, paymentHash: hashOf(preimage) }
        const sealed = sealPreimage(preimage, agentPubkey, context)
        expect(openSealedPreimage(sealed, agentSecret, context)).toBe(preimage)
        // Never in the clear: the ciphertext is not the preimage.
        expect(sealed.ciphertext).not.toContain(preimage)
      }),
      { numRuns: 100 },
    )
  })

  it('an agent key whose point has an odd y opens it too (x-only keys)', () => {
    for (let i = 1; i <= 8; i++) {
      const secret = new Uint8Array(32).fill(i)
      const pubkey = bytesToHex(schnorr.getPublicKey(secret))
      const preimage = bytesToHex(new Uint8Array(32).fill(0x40 + i))
      const context = { loanId: `loan-${i}`, paymentHash: hashOf(preimage) }
      expect(openSealedPreimage(sealPreimage(preimage, pubkey, context), secret, context)).toBe(
        preimage,
      )
    }
  })

  it('refuses to open with another key, for another loan or hash, or altered (property)', () => {
    fc.assert(
      fc.property(preimageArb, fc.nat({ max: 39 }), (preimage, flip) => {
        const context = { loanId: 'loan-1', paymentHash: hashOf(preimage) }
        const sealed = sealPreimage(preimage, agentPubkey, context)
        const open =
          (s = sealed, c = context, key = agentSecret) =>
          () =>
            openSealedPreimage(s, key, c)
        expect(open(sealed, context, otherSecret)).toThrow(
          expect.objectContaining({ reason: 'ESCROW_PREIMAGE' }),
        )
        expect(open(sealed, { ...context, loanId: 'loan-2' })).toThrow(
          expect.objectContaining({ reason: 'ESCROW_PREIMAGE' }),
        )
        const bytes = hexToBytes(sealed.ciphertext + sealed.nonce)
        bytes[flip % bytes.length]! ^= 1
        const hex = bytesToHex(bytes)
        const altered = { ...sealed, ciphertext: hex.slice(0, 96), nonce: hex.slice(96) }
        expect(open(altered)).toThrow(expect.objectContaining({ reason: 'ESCROW_PREIMAGE' }))
      }),
      { numRuns: 50 },
    )
  })

  it('a preimage that is not the lock’s is refused before it is sealed, and never shows in the error', () => {
    const preimage = 'ab'.repeat(32)
    let error: unknown
    try {
      sealPreimage(preimage, agentPubkey, { loanId: 'l', paymentHash: 'cd'.repeat(32) })
    } catch (e) {
      error = e
    }
    expect(refused('ESCROW_PREIMAGE')(error)).toBe(true)
    expect(JSON.stringify(error) + String(error)).not.toContain(preimage)
  })
})

describe('escrow attestations', () => {
  const claim: EscrowClaim = {
    loanId: 'loan-1',
    agreementHash: 'aa'.repeat(32),
    paymentHash: 'bb'.repeat(32),
    agentPubkey,
    terms: {
      ...testEscrowTerms,
    },
    heldAtMs: 1_700_000_000_000,
  }

  it('BIP-340 as the official vectors say (index 0)', () => {
    const secret = hexToBytes(`${'00'.repeat(31)}03`)
    expect(bytesToHex(schnorr.getPublicKey(secret))).toBe(
      'f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9',
    )
    expect(bytesToHex(schnorr.sign(new Uint8Array(32), secret, new Uint8Array(32)))).toBe(
      'e907831f80848d1069a5371b402410364bdf1c5f8307b0084c55f1ce2dca821525f66a4a85ea8b71e482a74f382d2ce5ebeee8fdb2172f477df4900d310536c0',
    )
  })

  it('signs a text that names every field, and verifies for the same loan, agreement, lock and agent', () => {
    expect(escrowAttestationText(claim)).toBe(
      `btcfi-escrow/2 attestation:{"agentPubkey":"${agentPubkey}","agreementHash":"${'aa'.repeat(32)}","heldAtMs":1700000000000,"loanId":"loan-1","paymentHash":"${'bb'.repeat(32)}","terms":{"collateralSat":"100000000","currency":"USD","deskPubkey":"02${'cc'.repeat(32)}","disputeWindowMs":86400000,"gracePeriodSeconds":86400,"interestIntervalSeconds":86400,"lenderKey":"${'dd'.repeat(32)}","liquidationLtvBps":"9000","principal":"5000000","rolloverLeadBlocks":4,"safeDeadlineHeight":1000,"termSeconds":2592000}}`,
    )
    const attestation = signEscrowAttestation(claim, agentSecret)
    expect(() => verifyEscrowAttestation(attestation, claim)).not.toThrow()
  })

  it('refuses any change of a field, another agent, or a signer that is not the named agent', () => {
    const attestation = signEscrowAttestation(claim, agentSecret)
    const changes: Partial<EscrowClaim>[] = [
      { loanId: 'loan-2' },
      { agreementHash: 'ab'.repeat(32) },
      { paymentHash: 'bc'.repeat(32) },
      // Terms under which the agent would never release: more collateral, a later deadline.
      { terms: { ...claim.terms, collateralSat: claim.terms.collateralSat * 10n } },
      // Another lender key (the lender could not ask a release) or desk, or a longer dispute window.
      { terms: { ...claim.terms, lenderKey: 'de'.repeat(32) } },
      { terms: { ...claim.terms, deskPubkey: `03${'cc'.repeat(32)}` } },
      { terms: { ...claim.terms, disputeWindowMs: 10 * 86_400_000 } },
      { terms: { ...claim.terms, safeDeadlineHeight: 10_000_000 } },
      { heldAtMs: claim.heldAtMs + 1 },
    ]
    for (const change of changes) {
      // Changed in the attestation (the signature no longer holds) ...
      expect(() => verifyEscrowAttestation({ ...attestation, ...change }, claim)).toThrow(
        expect.objectContaining({ reason: 'ESCROW_ATTESTATION' }),
      )
    }
    // ... or expected otherwise by the desk (the deadline is checked once the lock is held).
    for (const change of changes.slice(0, 7)) {
      expect(() => verifyEscrowAttestation(attestation, { ...claim, ...change })).toThrow(
        expect.objectContaining({ reason: 'ESCROW_ATTESTATION' }),
      )
    }
    const otherPubkey = bytesToHex(schnorr.getPublicKey(otherSecret))
    expect(() =>
      verifyEscrowAttestation(attestation, { ...claim, agentPubkey: otherPubkey }),
    ).toThrow()
    // Signed by another key while naming this agent: refused at signing, and at verifying.
    expect(() => signEscrowAttestation(claim, otherSecret)).toThrow(
      expect.objectContaining({ reason: 'ESCROW_ATTESTATION' }),
    )
    const forged = {
      ...attestation,
      signature: bytesToHex(
        schnorr.sign(sha256(new TextEncoder().encode(escrowAttestationText(claim))), otherSecret),
      ),
    }
    expect(() => verifyEscrowAttestation(forged, claim)).toThrow(
      expect.objectContaining({ reason: 'ESCROW_ATTESTATION' }),
    )
    expect(() => verifyEscrowAttestation({ ...attestation, signature: 'zz' }, claim)).toThrow(
      expect.objectContaining({ reason: 'ESCROW_ATTESTATION' }),
    )
  })
})
