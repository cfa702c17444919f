import { decodeInvoice, type Hex, paymentHashOf, randomPreimage } from '@btcfi/core'
import { type Client, getInfo } from '@btcfi/sdk'
import type { AcceptedEscrowAgent } from '../desk/deskEscrow.js'
import type { EscrowLockRequest } from '../desk/escrowLocks.js'
import { LoanError } from '../errors/LoanError.js'
import { MAX_DISPUTE_WINDOW_MS, MIN_DISPUTE_WINDOW_MS } from '../escrow/decideRelease.js'
import { verifyEscrowAttestation } from '../escrow/escrowAttestation.js'
import { escrowClient } from '../escrow/escrowClient.js'
import { expectedEscrowClaim } from '../escrow/expectedEscrowClaim.js'
import { sealPreimage } from '../escrow/sealPreimage.js'
import type { LoanAgreement } from '../loan/LoanAgreement.js'
import type { Quote } from '../loan/Quote.js'

export interface DepositLockParameters {
  client: Client
  /** The agents the desk accepts (`DeskInfo.escrowAgents`): the agreement's must be one. */
  agents: readonly AcceptedEscrowAgent[]
  agreement: LoanAgreement
  collateralSat: bigint
  /** The lock this one takes over from (a rollover). */
  replaces?: Hex
  fetch?: typeof globalThis.fetch
}

/**
 * The borrower's side of a v2 lock: draws its preimage, seals it to the
 * agreement's escrow agent, deposits it, and checks the agent's attestation
 * as the desk will. The deadline named is the borrower's node's height plus
 * the lock period: it comes before the lock's own deadline, however late the
 * lock is paid after. The preimage is not kept: the agent holds it, and the
 * lender can settle only once the agent releases it.
 */
export async function depositLock(parameters: DepositLockParameters): Promise<EscrowLockRequest> {
  const { agreement } = parameters
  const escrow = agreement.escrow
  const agent = parameters.agents.find(
    (a) => a.pubkey.toLowerCase() === escrow?.agentPubkey.toLowerCase(),
  )
  if (!escrow || !agent) {
    throw new LoanError('AGREEMENT_INVALID', "The desk does not name this loan's escrow agent.")
  }
  const preimage = randomPreimage()
  const paymentHash = paymentHashOf(preimage)
  const expected = expectedEscrowClaim(agreement, paymentHash, parameters.collateralSat)
  const height = (await getInfo(parameters.client)).blockHeight
  const attestation = await escrowClient({
    url: agent.url,
    ...(parameters.fetch && { fetch: parameters.fetch }),
  }).deposit({
    hold: {
      loanId: expected.loanId,
      agreementHash: expected.agreementHash,
      paymentHash,
      ...expected.terms,
      safeDeadlineHeight: height + agreement.lock.periodBlocks,
    },
    sealed: sealPreimage(preimage, escrow.agentPubkey, { loanId: agreement.loanId, paymentHash }),
    ...(parameters.replaces !== undefined && { replaces: parameters.replaces }),
  })
  verifyEscrowAttestation(attestation, expected)
  return { paymentHash, attestation }
}

/** A v2 lock invoice is for the hash the borrower drew (`AGREEMENT_INVALID` otherwise). */
export function checkLockHash(paymentRequest: string, paymentHash: Hex): void {
  if (decodeInvoice(paymentRequest).paymentHash.toLowerCase() !== paymentHash.toLowerCase()) {
    throw new LoanError(
      'AGREEMENT_INVALID',
      'The lock invoice is not for the hash whose preimage the escrow agent holds.',
    )
  }
}

/**
 * A v2 quote names the escrow agent the borrower asked for, and a dispute
 * window she can answer in (`AGREEMENT_INVALID` otherwise).
 */
export function checkEscrowQuote(quote: Pick<Quote, 'escrow'>, agentPubkey: Hex): void {
  const escrow = quote.escrow
  if (escrow?.agentPubkey.toLowerCase() !== agentPubkey.toLowerCase()) {
    throw new LoanError('AGREEMENT_INVALID', 'The desk quoted without the escrow agent asked for.')
  }
  if (
    !Number.isSafeInteger(escrow.disputeWindowMs) ||
    escrow.disputeWindowMs < MIN_DISPUTE_WINDOW_MS ||
    escrow.disputeWindowMs > MAX_DISPUTE_WINDOW_MS
  ) {
    throw new LoanError(
      'AGREEMENT_INVALID',
      `The quote's dispute window (${escrow.disputeWindowMs} ms) is outside ${MIN_DISPUTE_WINDOW_MS} to ${MAX_DISPUTE_WINDOW_MS}.`,
    )
  }
}
