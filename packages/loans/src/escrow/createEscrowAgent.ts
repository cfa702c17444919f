import { bytesToHex, type Hex } from '@btcfi/core'
import { schnorr } from '@noble/curves/secp256k1.js'
import { LoanError } from '../errors/LoanError.js'
import {
  type AgentView,
  type DefaultClaim,
  decideRelease,
  type EscrowHold,
  type ReleaseGround,
} from './decideRelease.js'
import type { EscrowRecord, EscrowStore } from './EscrowStore.js'
import {
  type EscrowAttestation,
  escrowTermsOf,
  signEscrowAttestation,
} from './escrowAttestation.js'
import { answersDefault, type PaymentProof } from './paymentProof.js'
import { openSealedPreimage, type SealedPreimage } from './sealPreimage.js'

export interface EscrowAgentParameters {
  /** The agent's secret key (32 bytes): it opens the sealed preimages and signs attestations. */
  secret: Uint8Array
  store: EscrowStore
  /** What the agent sees itself: its own median price, the chain's height, its clock. */
  view: () => Promise<AgentView>
}

/** A lock to hold, as the borrower deposits it. */
export interface EscrowDeposit {
  hold: Omit<EscrowHold, 'rolledOver' | 'dispute'>
  sealed: SealedPreimage
  /** The lock this one takes over from (a rollover): held by this agent, for the same loan. */
  replaces?: Hex
}

/** What anyone may read of a lock the agent holds: never its preimage. */
export interface EscrowStatus {
  hold: EscrowHold
  heldAtMs: number
  released: EscrowRecord['released']
  /** When a claimed default's dispute window closes. */
  windowEndsAtMs: number | undefined
}

/** An escrow agent's core, without its transport (see docs/loans.md, "Protocol v2"). */
export interface EscrowAgent {
  readonly pubkey: Hex
  /**
   * Opens the sealed preimage, checks it against the lock's hash, keeps it,
   * and attests to it. Depositing the same lock again attests the same claim
   * (the time it was first held); a wrong preimage is refused (`ESCROW_PREIMAGE`).
   */
  deposit(deposit: EscrowDeposit): Promise<EscrowAttestation>
  /**
   * The lender says a lock was replaced (a rollover's new lock holds the
   * collateral): it is never released again. Only the lender's word, since
   * only the lender loses by it (the transport checks the lender's key).
   */
  retire(paymentHash: Hex): Promise<void>
  /**
   * Records a default the desk claims (the lender's word): the borrower's
   * dispute window opens, once per claim. While it is open, or for a due no
   * later than one she answered, the same dispute stands; a later due opens
   * a new one (an answer covers the dues up to its invoice, not after).
   */
  claimDefault(paymentHash: Hex, claim: DefaultClaim): Promise<EscrowStatus>
  /**
   * The borrower's answer to a claimed default: proofs of payment signed by
   * the desk's node (`answersDefault`). A valid answer closes the dispute for
   * good; anything else is `ESCROW_REFUSED`.
   */
  answerDefault(paymentHash: Hex, proofs: readonly PaymentProof[]): Promise<EscrowStatus>
  /**
   * Gives the preimage to the lender when `decideRelease` says so, else
   * `ESCROW_REFUSED`. One lock per loan is ever released (a loan's locks
   * hold one collateral: after a rollover, two locks hold it for a while);
   * the same lock again is given again, to a desk that lost it.
   */
  release(paymentHash: Hex, ground: ReleaseGround): Promise<Hex>
  status(paymentHash: Hex): Promise<EscrowStatus>
}

export function createEscrowAgent(parameters: EscrowAgentParameters): EscrowAgent {
  const { secret, store } = parameters
  const pubkey = bytesToHex(schnorr.getPublicKey(secret))
  const load = async (paymentHash: Hex) => {
    const record = await store.get(paymentHash)
    if (!record) throw new LoanError('NOT_FOUND', `This agent holds no lock ${paymentHash}.`)
    return record
  }
  const statusOf = (record: EscrowRecord): EscrowStatus => ({
    hold: record.hold,
    heldAtMs: record.heldAtMs,
    released: record.released,
    windowEndsAtMs:
      record.hold.dispute && record.hold.dispute.claimedAtMs + record.hold.disputeWindowMs,
  })
  const attest = (hold: EscrowHold, heldAtMs: number) =>
    signEscrowAttestation(
      {
        loanId: hold.loanId,
        agreementHash: hold.agreementHash,
        paymentHash: hold.paymentHash,
        agentPubkey: pubkey,
        terms: escrowTermsOf(hold),
        heldAtMs,
      },
      secret,
    )

  return {
    pubkey,

    async deposit({ hold, sealed, replaces }) {
      const context = { loanId: hold.loanId, paymentHash: hold.paymentHash }
      const preimage = openSealedPreimage(sealed, secret, context)
      const existing = await store.get(hold.paymentHash)
      if (existing) {
        if (existing.hold.loanId !== hold.loanId) {
          throw new LoanError('ESCROW_PREIMAGE', 'This lock is held for another loan.')
        }
        return attest(existing.hold, existing.heldAtMs)
      }
      if (replaces !== undefined) {
        const old = await load(replaces)
        if (old.hold.loanId !== hold.loanId) {
          throw new LoanError(
            'ESCROW_PREIMAGE',
            'A rollover replaces a lock of the same loan only.',
          )
        }
      }
      const { nowMs } = await parameters.view()
      const record: EscrowRecord = {
        hold: { ...hold, ...escrowTermsOf(hold), rolledOver: false },
        preimage,
        heldAtMs: nowMs,
      }
      await store.put(record)
      // The old lock stays releasable: a new lock the borrower deposits but
      // never pays must not shield the old one. Only the lender retires it.
      return attest(record.hold, nowMs)
    },

    async retire(paymentHash) {
      const record = await load(paymentHash)
      if (!record.hold.rolledOver) {
        await store.put({ ...record, hold: { ...record.hold, rolledOver: true } })
      }
    },

    async claimDefault(paymentHash, claim) {
      const record = await load(paymentHash)
      // One open dispute at a time; an answered one is reopened only by a later due.
      const current = record.hold.dispute
      if (current && (!current.answered || claim.dueAtMs <= current.dueAtMs)) {
        return statusOf(record)
      }
      if (
        (claim.kind !== 'interest' && claim.kind !== 'maturity') ||
        !Number.isSafeInteger(claim.dueAtMs)
      ) {
        throw new LoanError('ESCROW_REFUSED', 'A default names an interest due or the maturity.')
      }
      const { nowMs } = await parameters.view()
      if (claim.dueAtMs > nowMs) {
        throw new LoanError('ESCROW_REFUSED', 'A default cannot be claimed before its due.')
      }
      const dispute = {
        kind: claim.kind,
        dueAtMs: claim.dueAtMs,
        claimedAtMs: nowMs,
        answered: false,
      }
      const next = { ...record, hold: { ...record.hold, dispute } }
      await store.put(next)
      return statusOf(next)
    },

    async answerDefault(paymentHash, proofs) {
      const record = await load(paymentHash)
      const { dispute } = record.hold
      if (!dispute) throw new LoanError('ESCROW_REFUSED', 'No default was claimed on this lock.')
      if (dispute.answered) return statusOf(record)
      if (record.released) {
        throw new LoanError('ESCROW_REFUSED', 'The lock was released before this answer.')
      }
      if (!answersDefault(record.hold, dispute, proofs)) {
        throw new LoanError(
          'ESCROW_REFUSED',
          'No proof answers the default: give an invoice of the desk’s for this loan and its preimage.',
        )
      }
      const next = { ...record, hold: { ...record.hold, dispute: { ...dispute, answered: true } } }
      await store.put(next)
      return statusOf(next)
    },

    async release(paymentHash, ground) {
      const record = await load(paymentHash)
      if (record.released) return record.preimage
      const other = (await store.ofLoan(record.hold.loanId)).find((r) => r.released)
      if (other) {
        throw new LoanError(
          'ESCROW_REFUSED',
          `The agent released this loan's lock ${other.hold.paymentHash} already: a loan's collateral is taken once.`,
        )
      }
      const view = await parameters.view()
      const decision = decideRelease(record.hold, ground, view)
      if (!decision.release) {
        throw new LoanError(
          'ESCROW_REFUSED',
          `The agent does not release this lock: ${decision.why}.`,
        )
      }
      await store.put({ ...record, released: { atMs: view.nowMs, ground } })
      return record.preimage
    },

    async status(paymentHash) {
      return statusOf(await load(paymentHash))
    },
  }
}
