import { bytesToHex, type Hex } from '@btcfi/core'
import { schnorr } from '@noble/curves/secp256k1.js'
import { keyedMutex } from '../desk/keyedMutex.js'
import { LoanError } from '../errors/LoanError.js'
import { canonicalJson } from '../protocol/canonicalJson.js'
import {
  type AgentView,
  type DefaultClaim,
  decideRelease,
  type EscrowHold,
  MAX_DISPUTE_WINDOW_MS,
  MIN_DISPUTE_WINDOW_MS,
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
  /**
   * One agent process per store: the agent serializes the steps of a loan in
   * memory (two processes on one store could both release a loan's lock).
   */
  store: EscrowStore
  /** What the agent sees itself: its own median price, the chain's height, its clock. */
  view: () => Promise<AgentView>
  /**
   * The agent's clock alone (deposits and claims need no price). Default:
   * `view`'s `nowMs`.
   */
  now?: () => number
}

/** A lock to hold, as the borrower deposits it. */
export interface EscrowDeposit {
  hold: Omit<EscrowHold, 'rolledOver' | 'dispute' | 'rolloverOfferedAtHeight'>
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
   * (the time it was first held); a wrong preimage is refused (`ESCROW_PREIMAGE`),
   * and so is a hash the agent holds under another loan or other terms.
   */
  deposit(deposit: EscrowDeposit): Promise<EscrowAttestation>
  /**
   * The lender says a lock was replaced (a rollover's new lock holds the
   * collateral): it is never released again. Only the lender's word, since
   * only the lender loses by it (the transport checks the lender's key).
   */
  retire(paymentHash: Hex): Promise<void>
  /**
   * The lender offers the borrower a rollover of this lock (the lender's
   * word; recorded once, with the agent's height): a lock-deadline release
   * waits `rolloverLeadBlocks` after it, so that the borrower had her chance.
   */
  offerRollover(paymentHash: Hex): Promise<EscrowStatus>
  /**
   * Records a default the desk claims (the lender's word, checked against
   * the agreement's schedule: an interest due from one interval after the
   * loan's first lock was held and past its grace, or the maturity from one
   * term after it): the borrower's dispute window opens, once per claim.
   * While it is open, or for a due no later than one she answered, the same
   * dispute stands; a later due opens a new one.
   */
  claimDefault(paymentHash: Hex, claim: DefaultClaim): Promise<EscrowStatus>
  /**
   * The borrower's answer to a claimed default: proofs of payment signed by
   * the desk's node (`answersDefault`), any time before a release. A valid
   * answer closes the dispute; anything else is `ESCROW_REFUSED`.
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

/**
 * A loan as the agent knows it: its id, its agreement and its lender's key.
 * Deposits under the same loan id with another agreement or key are another
 * loan: whoever makes them can neither release nor shield the real one.
 */
const loanOf = (hold: Pick<EscrowHold, 'loanId' | 'agreementHash' | 'lenderKey'>) =>
  `${hold.loanId}\n${hold.agreementHash.toLowerCase()}\n${hold.lenderKey.toLowerCase()}`

export function createEscrowAgent(parameters: EscrowAgentParameters): EscrowAgent {
  const { secret, store } = parameters
  const pubkey = bytesToHex(schnorr.getPublicKey(secret))
  const now = async () => parameters.now?.() ?? (await parameters.view()).nowMs
  const turns = keyedMutex()
  const load = async (paymentHash: Hex) => {
    const record = await store.get(paymentHash)
    if (!record) throw new LoanError('NOT_FOUND', `This agent holds no lock ${paymentHash}.`)
    return record
  }
  /** The locks of the record's loan (its id, agreement and lender), oldest first. */
  const locksOfLoan = async (record: EscrowRecord) =>
    (await store.ofLoan(record.hold.loanId)).filter((r) => loanOf(r.hold) === loanOf(record.hold))
  /** Runs a step on a lock in its loan's turn, on the record as stored then. */
  const inTurn = async <T>(paymentHash: Hex, fn: (record: EscrowRecord) => Promise<T>) => {
    const first = await load(paymentHash)
    return turns(loanOf(first.hold), async () => fn(await load(paymentHash)))
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
  const sameClaim = (a: EscrowHold, b: EscrowDeposit['hold']) =>
    loanOf(a) === loanOf(b) && canonicalJson(escrowTermsOf(a)) === canonicalJson(escrowTermsOf(b))

  return {
    pubkey,

    async deposit({ hold, sealed, replaces }) {
      const context = { loanId: hold.loanId, paymentHash: hold.paymentHash }
      const preimage = openSealedPreimage(sealed, secret, context)
      if (
        hold.disputeWindowMs < MIN_DISPUTE_WINDOW_MS ||
        hold.disputeWindowMs > MAX_DISPUTE_WINDOW_MS
      ) {
        throw new LoanError(
          'ESCROW_REFUSED',
          `A dispute window is from ${MIN_DISPUTE_WINDOW_MS} to ${MAX_DISPUTE_WINDOW_MS} ms.`,
        )
      }
      return turns(loanOf(hold), async () => {
        if (replaces !== undefined) {
          const old = await load(replaces)
          if (loanOf(old.hold) !== loanOf(hold)) {
            throw new LoanError(
              'ESCROW_PREIMAGE',
              'A rollover replaces a lock of the same loan only.',
            )
          }
        }
        const record: EscrowRecord = {
          hold: { ...hold, ...escrowTermsOf(hold), rolledOver: false },
          preimage,
          heldAtMs: await now(),
        }
        // Kept only if no deposit of this hash is: of two racing, one wins,
        // and only what is kept is attested.
        const kept = (await store.insert(record)) ? record : await load(hold.paymentHash)
        if (!sameClaim(kept.hold, hold)) {
          throw new LoanError(
            'ESCROW_PREIMAGE',
            'This lock is held for another loan, or under other terms.',
          )
        }
        // The old lock stays releasable: a new lock the borrower deposits but
        // never pays must not shield the old one. Only the lender retires it.
        return attest(kept.hold, kept.heldAtMs)
      })
    },

    retire: (paymentHash) =>
      inTurn(paymentHash, async (record) => {
        if (!record.hold.rolledOver) {
          await store.put({ ...record, hold: { ...record.hold, rolledOver: true } })
        }
      }),

    offerRollover: (paymentHash) =>
      inTurn(paymentHash, async (record) => {
        if (record.hold.rolloverOfferedAtHeight !== undefined) return statusOf(record)
        const { height } = await parameters.view()
        const next = { ...record, hold: { ...record.hold, rolloverOfferedAtHeight: height } }
        await store.put(next)
        return statusOf(next)
      }),

    claimDefault: (paymentHash, claim) =>
      inTurn(paymentHash, async (record) => {
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
        const nowMs = await now()
        // The loan began no earlier than its first lock was held here.
        const startMs = Math.min(...(await locksOfLoan(record)).map((r) => r.heldAtMs))
        const { hold } = record
        const earliestMs =
          claim.kind === 'maturity'
            ? startMs + hold.termSeconds * 1_000
            : startMs + hold.interestIntervalSeconds * 1_000
        const graceMs = claim.kind === 'maturity' ? 0 : hold.gracePeriodSeconds * 1_000
        if (claim.dueAtMs < earliestMs || claim.dueAtMs + graceMs > nowMs) {
          throw new LoanError(
            'ESCROW_REFUSED',
            `The agreement has no ${claim.kind} due at ${claim.dueAtMs} past its grace by now.`,
          )
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
      }),

    answerDefault: (paymentHash, proofs) =>
      inTurn(paymentHash, async (record) => {
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
        const next = {
          ...record,
          hold: { ...record.hold, dispute: { ...dispute, answered: true } },
        }
        await store.put(next)
        return statusOf(next)
      }),

    release: (paymentHash, ground) =>
      inTurn(paymentHash, async (record) => {
        if (record.released) return record.preimage
        const other = (await locksOfLoan(record)).find((r) => r.released)
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
      }),

    async status(paymentHash) {
      return statusOf(await load(paymentHash))
    },
  }
}
