import { bytesToHex, type Hex } from '@btcfi/core'
import { schnorr } from '@noble/curves/secp256k1.js'
import { LoanError } from '../errors/LoanError.js'
import {
  type AgentView,
  decideRelease,
  type EscrowHold,
  type ReleaseGround,
} from './decideRelease.js'
import type { EscrowStore } from './EscrowStore.js'
import {
  type EscrowAttestation,
  escrowTermsOf,
  signEscrowAttestation,
} from './escrowAttestation.js'
import { openSealedPreimage, type SealedPreimage } from './sealPreimage.js'

export interface EscrowAgentParameters {
  /** The agent's secret key (32 bytes): it opens the sealed preimages and signs attestations. */
  secret: Uint8Array
  store: EscrowStore
  /** What the agent sees itself: its own median price, the chain's height, its clock. */
  view: () => Promise<Omit<AgentView, 'disputeWindowMs'>>
  /** How long a borrower has to answer a claimed default. Default 24 h. */
  disputeWindowMs?: number
}

/** A lock to hold, as the borrower deposits it. */
export interface EscrowDeposit {
  hold: Omit<EscrowHold, 'rolledOver' | 'dispute'>
  sealed: SealedPreimage
  /** The lock this one takes over from (a rollover): held by this agent, for the same loan. */
  replaces?: Hex
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
   * only the lender loses by it (a transport authenticates it).
   */
  retire(paymentHash: Hex): Promise<void>
  /** Records a default the desk claims: the borrower's dispute window opens (once). */
  claimDefault(paymentHash: Hex): Promise<{ windowEndsAtMs: number }>
  /** Gives the preimage to the desk when `decideRelease` says so, else `ESCROW_REFUSED`. */
  release(paymentHash: Hex, ground: ReleaseGround): Promise<Hex>
}

export function createEscrowAgent(parameters: EscrowAgentParameters): EscrowAgent {
  const { secret, store } = parameters
  const pubkey = bytesToHex(schnorr.getPublicKey(secret))
  const disputeWindowMs = parameters.disputeWindowMs ?? 86_400_000
  const load = async (paymentHash: Hex) => {
    const record = await store.get(paymentHash)
    if (!record) throw new LoanError('NOT_FOUND', `This agent holds no lock ${paymentHash}.`)
    return record
  }
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
      const record = { hold: { ...hold, rolledOver: false }, preimage, heldAtMs: nowMs }
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

    async claimDefault(paymentHash) {
      const record = await load(paymentHash)
      const { nowMs } = await parameters.view()
      const dispute = record.hold.dispute ?? { claimedAtMs: nowMs, answered: false }
      if (!record.hold.dispute) await store.put({ ...record, hold: { ...record.hold, dispute } })
      return { windowEndsAtMs: dispute.claimedAtMs + disputeWindowMs }
    },

    async release(paymentHash, ground) {
      const record = await load(paymentHash)
      if (record.released) return record.preimage
      const view = { ...(await parameters.view()), disputeWindowMs }
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
  }
}
