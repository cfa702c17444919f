import { bytesToHex, type Hex, hexToBytes } from '@btcfi/core'
import { schnorr } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { LoanError } from '../errors/LoanError.js'
import type { Currency } from '../money/constants.js'
import { canonicalJson } from '../protocol/canonicalJson.js'

/**
 * What an escrow agent attests: that it holds, durably, the preimage of a
 * lock's payment hash for a loan under an agreement (its hash) and these
 * terms, from `heldAtMs` on.
 */
export interface EscrowClaim {
  loanId: string
  /** sha256 of the agreement's canonical JSON, hex. */
  agreementHash: Hex
  /** The lock's payment hash, hex. */
  paymentHash: Hex
  /** The agent's key (x-only, hex). */
  agentPubkey: Hex
  /**
   * The terms the agent will judge a release by: the desk checks them against
   * the agreement before it disburses, so that a borrower cannot have the
   * agent hold a lock under terms that never release it.
   */
  terms: EscrowTerms
  heldAtMs: number
}

/** What of a loan an escrow agent judges a release by (`decideRelease`). */
export interface EscrowTerms {
  principal: bigint
  currency: Currency
  /** The collateral this lock holds, sat. */
  collateralSat: bigint
  liquidationLtvBps: bigint
  /**
   * The height from which the lock may be released at its deadline: the
   * borrower names it (the height it deposits at plus the agreement's lock
   * period), and the desk takes the lock only when it comes no later than the
   * lock's own safe deadline.
   */
  safeDeadlineHeight: number
  /** The lender's node key: the invoices that prove a payment (a dispute's answer) are signed by it. */
  deskPubkey: Hex
  /** The lender's escrow key (x-only): only requests it signs retire a lock, claim a default or ask a release. */
  lenderKey: Hex
  /** How long the borrower has to answer a claimed default, ms. */
  disputeWindowMs: number
  /** The agreement's schedule: a default is claimed only at a due it allows. */
  termSeconds: number
  interestIntervalSeconds: number
  gracePeriodSeconds: number
  /** Blocks the borrower has, after the lender offers a rollover at the agent, before a lock-deadline release. */
  rolloverLeadBlocks: number
}

/** Only the terms of something that has them (a hold, an agreement's view), as a claim names them. */
export function escrowTermsOf(from: EscrowTerms): EscrowTerms {
  return {
    principal: from.principal,
    currency: from.currency,
    collateralSat: from.collateralSat,
    liquidationLtvBps: from.liquidationLtvBps,
    safeDeadlineHeight: from.safeDeadlineHeight,
    deskPubkey: from.deskPubkey.toLowerCase(),
    lenderKey: from.lenderKey.toLowerCase(),
    disputeWindowMs: from.disputeWindowMs,
    termSeconds: from.termSeconds,
    interestIntervalSeconds: from.interestIntervalSeconds,
    gracePeriodSeconds: from.gracePeriodSeconds,
    rolloverLeadBlocks: from.rolloverLeadBlocks,
  }
}

/** An `EscrowClaim` with the agent's BIP-340 signature over `escrowAttestationText`. */
export interface EscrowAttestation extends EscrowClaim {
  /** 64 bytes, hex. */
  signature: Hex
}

/** The text an agent signs: a tag, then the claim's canonical JSON (keys sorted, hex lower case). */
export function escrowAttestationText(claim: EscrowClaim): string {
  return `btcfi-escrow/2 attestation:${canonicalJson({
    loanId: claim.loanId,
    agreementHash: claim.agreementHash.toLowerCase(),
    paymentHash: claim.paymentHash.toLowerCase(),
    agentPubkey: claim.agentPubkey.toLowerCase(),
    terms: escrowTermsOf(claim.terms),
    heldAtMs: claim.heldAtMs,
  })}`
}

const digest = (claim: EscrowClaim) => sha256(utf8ToBytes(escrowAttestationText(claim)))

/**
 * The agent signs what it holds (BIP-340 Schnorr, over the SHA-256 of
 * `escrowAttestationText`). The key must be the claim's `agentPubkey`.
 */
export function signEscrowAttestation(
  claim: EscrowClaim,
  agentSecret: Uint8Array,
): EscrowAttestation {
  if (bytesToHex(schnorr.getPublicKey(agentSecret)) !== claim.agentPubkey.toLowerCase()) {
    throw new LoanError(
      'ESCROW_ATTESTATION',
      'The attestation names another agent key than the signer’s.',
    )
  }
  return { ...claim, signature: bytesToHex(schnorr.sign(digest(claim), agentSecret)) }
}

/** What a desk expects an attestation to say: all but the time it was held and the deadline the borrower named. */
export type ExpectedEscrowClaim = Omit<EscrowClaim, 'heldAtMs' | 'terms'> & {
  terms: Omit<EscrowTerms, 'safeDeadlineHeight'>
}

/**
 * What a desk checks before it issues or takes a v2 lock: the attestation is
 * signed by the agent the agreement names, for this loan, agreement, lock and
 * terms. The deadline the borrower named is checked once the lock is held,
 * against the lock's own (`safeDeadlineHeight` no later than it). Anything
 * else is `LoanError('ESCROW_ATTESTATION')`.
 */
export function verifyEscrowAttestation(
  attestation: EscrowAttestation,
  expected: ExpectedEscrowClaim,
): void {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
  const { safeDeadlineHeight, ...terms } = escrowTermsOf(attestation.terms)
  const { safeDeadlineHeight: _named, ...wanted } = escrowTermsOf({
    ...expected.terms,
    safeDeadlineHeight: 0,
  })
  const fits =
    attestation.loanId === expected.loanId &&
    same(attestation.agreementHash, expected.agreementHash) &&
    same(attestation.paymentHash, expected.paymentHash) &&
    same(attestation.agentPubkey, expected.agentPubkey) &&
    canonicalJson(terms) === canonicalJson(wanted) &&
    Number.isSafeInteger(safeDeadlineHeight) &&
    Number.isSafeInteger(attestation.heldAtMs)
  let valid = false
  if (fits) {
    try {
      valid = schnorr.verify(
        hexToBytes(attestation.signature),
        digest(attestation),
        hexToBytes(attestation.agentPubkey),
      )
    } catch {
      valid = false
    }
  }
  if (!valid) {
    throw new LoanError(
      'ESCROW_ATTESTATION',
      fits
        ? 'The escrow agent’s signature does not verify.'
        : 'The attestation is for another loan, agreement, lock, terms or agent.',
    )
  }
}
