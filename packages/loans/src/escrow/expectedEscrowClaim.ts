import type { Hex } from '@btcfi/core'
import { LoanError } from '../errors/LoanError.js'
import { agreementHash } from '../loan/agreementHash.js'
import type { EscrowAgreement, LoanAgreement } from '../loan/LoanAgreement.js'
import type { ExpectedEscrowClaim } from './escrowAttestation.js'

/** A v2 agreement's escrow, or `ESCROW_ATTESTATION` for a v1 one. */
export function escrowOf(agreement: LoanAgreement): EscrowAgreement {
  if (!agreement.escrow) {
    throw new LoanError('ESCROW_ATTESTATION', 'This loan has no escrow agent (protocol v1).')
  }
  return agreement.escrow
}

/**
 * What the escrow agent of a v2 agreement must attest for a lock holding
 * `collateralSat`: both the desk (before it issues the lock) and the borrower
 * (before she pays it) check an attestation against it.
 */
export function expectedEscrowClaim(
  agreement: LoanAgreement,
  paymentHash: Hex,
  collateralSat: bigint,
): ExpectedEscrowClaim {
  const escrow = escrowOf(agreement)
  return {
    loanId: agreement.loanId,
    agreementHash: agreementHash(agreement),
    paymentHash,
    agentPubkey: escrow.agentPubkey,
    terms: {
      principal: agreement.principal,
      currency: agreement.currency,
      collateralSat,
      liquidationLtvBps: agreement.liquidationLtvBps,
      deskPubkey: agreement.deskPubkey,
      lenderKey: escrow.lenderKey,
      disputeWindowMs: escrow.disputeWindowMs,
      termSeconds: agreement.termSeconds,
      interestIntervalSeconds: agreement.interestIntervalSeconds,
      gracePeriodSeconds: agreement.gracePeriodSeconds,
      rolloverLeadBlocks: agreement.lock.rolloverLeadBlocks,
    },
  }
}
