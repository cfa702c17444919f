import { bytesToHex, type Hex, hexToBytes } from '@btcfi/core'
import { sha256 } from '@noble/hashes/sha2.js'
import type { EscrowDeposit } from '../createEscrowAgent.js'
import type { EscrowTerms } from '../escrowAttestation.js'
import { sealPreimage } from '../sealPreimage.js'

export interface EscrowLockOptions {
  /** The agent the preimage is sealed to (x-only, hex). */
  agentPubkey: Hex
  /** The lender's escrow key the hold names (x-only, hex). */
  lenderKey: Hex
  /** Default `loan-<n>`. */
  loanId?: string
  /** Default 1 000. */
  safeDeadlineHeight?: number
  /** Default a day. */
  disputeWindowMs?: number
}

/**
 * The terms of the tests' loan: $50,000 on 1 BTC liquidated at 90% (so at
 * $55,000 or less), a 30-day term with daily interest and a day's grace, a
 * day to answer a default, a 4-block rollover lead, a deadline at 1 000.
 */
export const testEscrowTerms: EscrowTerms = {
  principal: 5_000_000n,
  currency: 'USD',
  collateralSat: 100_000_000n,
  liquidationLtvBps: 9_000n,
  safeDeadlineHeight: 1_000,
  deskPubkey: `02${'cc'.repeat(32)}`,
  lenderKey: 'dd'.repeat(32),
  disputeWindowMs: 86_400_000,
  termSeconds: 30 * 86_400,
  interestIntervalSeconds: 86_400,
  gracePeriodSeconds: 86_400,
  rolloverLeadBlocks: 4,
}

/**
 * A lock as a borrower deposits it with an escrow agent, for tests: preimage
 * n (32 bytes of n), a USD loan of $50,000 on 1 BTC liquidated at 90% (so at
 * $55,000 or less), sealed to the agent.
 */
export function escrowLock(
  n: number,
  options: EscrowLockOptions,
): EscrowDeposit & { preimage: Hex; paymentHash: Hex } {
  const preimage = bytesToHex(new Uint8Array(32).fill(n))
  const paymentHash = bytesToHex(sha256(hexToBytes(preimage)))
  const hold: EscrowDeposit['hold'] = {
    loanId: options.loanId ?? `loan-${n}`,
    agreementHash: 'aa'.repeat(32),
    paymentHash,
    ...testEscrowTerms,
    safeDeadlineHeight: options.safeDeadlineHeight ?? testEscrowTerms.safeDeadlineHeight,
    lenderKey: options.lenderKey,
    disputeWindowMs: options.disputeWindowMs ?? testEscrowTerms.disputeWindowMs,
  }
  return {
    preimage,
    paymentHash,
    hold,
    sealed: sealPreimage(preimage, options.agentPubkey, hold),
  }
}
