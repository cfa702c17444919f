import { bytesToHex, derivePreimage, type Hex, hexToBytes } from '@btcfi/core'
import { schnorr } from '@noble/curves/secp256k1.js'
import { LoanError } from '../errors/LoanError.js'
import type { DefaultClaim, ReleaseGround } from '../escrow/decideRelease.js'
import { MAX_DISPUTE_WINDOW_MS, MIN_DISPUTE_WINDOW_MS } from '../escrow/decideRelease.js'
import { escrowClient } from '../escrow/escrowClient.js'

/** What a desk asks of an escrow agent, as the lender (an `escrowClient`, or an agent's core in tests). */
export interface EscrowLender {
  retire(paymentHash: Hex): Promise<void>
  offerRollover(paymentHash: Hex): Promise<unknown>
  claimDefault(paymentHash: Hex, claim: DefaultClaim): Promise<unknown>
  release(paymentHash: Hex, ground: ReleaseGround): Promise<Hex>
}

/** An escrow agent a desk accepts: borrowers pick one of these for a v2 loan. */
export interface AcceptedEscrowAgent {
  /** The agent's key (x-only, hex). */
  pubkey: Hex
  /** Where borrowers deposit their preimages, and where the desk asks for releases. */
  url: string
}

export interface DeskEscrowParameters {
  agents: readonly AcceptedEscrowAgent[]
  /** How long a borrower has to answer a claimed default. Default 24 h. */
  disputeWindowMs?: number
  /**
   * How the desk speaks to an agent, signing with the lender's key. Default:
   * `escrowClient` over HTTP.
   */
  connect?: (agent: AcceptedEscrowAgent, lenderSecret: Uint8Array) => EscrowLender
  /** How long after a refused release the desk asks the agent again. Default 60 000 ms. */
  retryMs?: number
}

/** A desk's side of protocol v2. */
export interface DeskEscrow {
  readonly agents: readonly AcceptedEscrowAgent[]
  /** The lender's escrow key (x-only, hex): derived from the desk's secret. */
  readonly lenderKey: Hex
  readonly disputeWindowMs: number
  lender(agentPubkey: Hex): EscrowLender
  /**
   * Whether the desk may ask the agent about this loan now: a release
   * refused is asked again only after `retryMs`, so a loan the agent will
   * not release (a dispute window open) costs an agent call a minute, not a
   * tick.
   */
  mayAsk(loanId: string, nowMs: number): boolean
  refused(loanId: string, nowMs: number): void
}

/** The lender's escrow key, derived from the desk's secret (never stored apart from it). */
export function lenderSecretOf(deskSecret: Uint8Array): Uint8Array {
  return hexToBytes(derivePreimage(deskSecret, 'escrow:lender-key'))
}

export function deskEscrow(parameters: DeskEscrowParameters, secret: Uint8Array): DeskEscrow {
  const lenderSecret = lenderSecretOf(secret)
  const lenders = new Map<string, EscrowLender>()
  const refusedAt = new Map<string, number>()
  const retryMs = parameters.retryMs ?? 60_000
  const disputeWindowMs = parameters.disputeWindowMs ?? 86_400_000
  if (disputeWindowMs < MIN_DISPUTE_WINDOW_MS || disputeWindowMs > MAX_DISPUTE_WINDOW_MS) {
    throw new LoanError(
      'TERMS_MISMATCH',
      `escrow.disputeWindowMs is from ${MIN_DISPUTE_WINDOW_MS} to ${MAX_DISPUTE_WINDOW_MS} ms.`,
    )
  }
  for (const agent of parameters.agents) {
    const connect =
      parameters.connect ?? ((a, key) => escrowClient({ url: a.url, lenderSecret: key }))
    lenders.set(agent.pubkey.toLowerCase(), connect(agent, lenderSecret))
  }
  return {
    agents: parameters.agents,
    lenderKey: bytesToHex(schnorr.getPublicKey(lenderSecret)),
    disputeWindowMs,
    lender(agentPubkey) {
      const lender = lenders.get(agentPubkey.toLowerCase())
      if (!lender) {
        throw new LoanError('TERMS_MISMATCH', 'This desk does not accept that escrow agent.')
      }
      return lender
    },
    mayAsk(loanId, nowMs) {
      const at = refusedAt.get(loanId)
      return at === undefined || nowMs - at >= retryMs
    },
    refused(loanId, nowMs) {
      refusedAt.set(loanId, nowMs)
      // Bounded: the oldest refusals are forgotten first (they are asked again).
      if (refusedAt.size > 10_000) refusedAt.delete(refusedAt.keys().next().value!)
    },
  }
}
