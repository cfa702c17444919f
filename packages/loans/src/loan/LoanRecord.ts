import type { Hex } from '@btcfi/core'
import type { EscrowAttestation } from '../escrow/escrowAttestation.js'
import type { LoanAgreement } from './LoanAgreement.js'

/**
 * A loan's life on the desk:
 * AWAITING_LOCK → DISBURSING → ACTIVE → REPAID, or → LIQUIDATING → LIQUIDATED
 * (price, interest default, maturity, no rollover); CANCELED when the lock or
 * the disbursement fails before the principal leaves.
 */
export type LoanState =
  | 'AWAITING_LOCK'
  | 'DISBURSING'
  | 'ACTIVE'
  | 'REPAID'
  | 'LIQUIDATING'
  | 'LIQUIDATED'
  | 'CANCELED'

export const finalLoanStates: readonly LoanState[] = ['REPAID', 'LIQUIDATED', 'CANCELED']

/** Why a lock exists. */
export type LockPurpose = 'initial' | 'top-up' | 'rollover'

/**
 * A collateral lock: a hold invoice of the desk's, with a preimage derived
 * from the desk secret and `id` (never stored).
 * PENDING: the invoice is being created (the desk may crash there).
 */
export type LockState = 'PENDING' | 'OPEN' | 'ACCEPTED' | 'SETTLED' | 'CANCELED'

export interface LockRecord {
  /** `${loanId}:lock:${n}`: the label its preimage is derived from. */
  id: string
  purpose: LockPurpose
  paymentHash: Hex
  amountSat: bigint
  cltvExpiry: number
  paymentRequest: string | undefined
  state: LockState
  /** The lowest HTLC expiry height, once ACCEPTED. */
  expiryHeight: number | undefined
  /** A rollover lock: the safe deadline (height) of the locks it replaces. */
  deadlineHeight?: number
  createdAtMs: number
  /**
   * v2: the escrow agent's attestation that it holds this lock's preimage
   * (the borrower drew it). A v2 rollover lock waits PENDING without one (and
   * with no payment hash yet) until the borrower acks it with one.
   */
  escrow?: {
    attestation: EscrowAttestation
    /** A rollover replaced it, and the agent was told so (`retireReplaced`). */
    retired?: boolean
  }
}

/** An ordinary invoice of the desk's: interest or repayment. */
export interface DeskInvoiceRecord {
  kind: 'interest' | 'repay'
  paymentHash: Hex
  paymentRequest: string
  amountMsat: bigint
  /** The price it was computed at. */
  centsPerBtc: bigint
  state: 'OPEN' | 'SETTLED' | 'CANCELED'
  createdAtMs: number
  /** lnd's expiry (wall clock). */
  expiresAtMs: number
}

/** A payment the desk makes: the principal, or a liquidation surplus. */
export interface DeskPaymentRecord {
  paymentHash: Hex
  amountMsat: bigint
  /** SENDING is written before the payment is sent; after a crash lnd is asked by hash. */
  status: 'SENDING' | 'SUCCEEDED' | 'FAILED'
  feeMsat: bigint
  failure: string | undefined
}

export interface InterestLedger {
  /** Value carried by `accrueInterest` (less than 1 msat). */
  carry: bigint
  accruedMsat: bigint
  paidMsat: bigint
  /** Interest accrued up to this time (ms since the epoch). */
  accruedToMs: number
  /** Interest that fell due at each interval's end and is not paid yet: cumulative msat due at `atMs`. */
  dues: { atMs: number; amountMsat: bigint }[]
  /** lnd's settle index of the last streamed interest payment credited (streams are credited in settle order). */
  streamSettleIndex?: bigint
}

export interface LiquidationRecord {
  reason: 'ltv' | 'interest-default' | 'maturity' | 'lock-deadline'
  centsPerBtc: bigint
  /**
   * The penalty charged: the agreement's, or 0 when the desk's own outage
   * caused the liquidation (no rollover lock offered for the deadline, or
   * no price at it).
   */
  penaltyBps: bigint
  collateralSat: bigint
  debtMsat: bigint
  owedMsat: bigint
  keepSat: bigint
  surplusSat: bigint
  shortfallMsat: bigint
  /** The surplus keysend to the borrower (its preimage derived from the desk secret). */
  surplus: DeskPaymentRecord | undefined
  atMs: number
  /** v2: the lock whose preimage the escrow agent released (the only one settled). */
  escrowLockId?: string
}

/** Everything the desk knows about one loan: stored whole, with a version for safe updates. */
export interface LoanRecord {
  id: string
  version: number
  state: LoanState
  agreement: LoanAgreement
  /** The borrower's and the desk's signatures of the agreement (lnd's zbase32). */
  borrowerSignature: string
  deskSignature: string
  disbursementInvoice: string
  createdAtMs: number
  /** When the principal left (interest starts), and when the loan matures. */
  disbursedAtMs: number | undefined
  maturesAtMs: number | undefined
  locks: LockRecord[]
  nextLockNumber: number
  disbursement: DeskPaymentRecord | undefined
  invoices: DeskInvoiceRecord[]
  interest: InterestLedger
  marginCall: { atMs: number; ltvBps: bigint } | undefined
  liquidation: LiquidationRecord | undefined
  /** Why a loan was CANCELED. */
  cancelReason: string | undefined
  /**
   * v2: the lock and ground the desk is asking its escrow agent to release,
   * written before it asks: a desk that dies after the agent said yes goes
   * on with that seizure (the agent gives a released preimage again) instead
   * of leaving the loan's one release spent.
   */
  escrowRelease?: { lockId: string; reason: LiquidationRecord['reason'] } | undefined
  updatedAtMs: number
}

/** An entry of the desk's event log (append-only, global sequence). */
export interface LoanEvent {
  seq: number
  loanId: string
  atMs: number
  type: LoanEventType
  data: Record<string, unknown>
}

export type LoanEventType =
  | 'loan.opened'
  | 'lock.issued'
  | 'lock.accepted'
  | 'lock.rejected'
  | 'lock.canceled'
  | 'lock.settled'
  | 'principal.sending'
  | 'principal.disbursed'
  | 'principal.failed'
  | 'loan.canceled'
  | 'interest.invoiced'
  | 'interest.paid'
  | 'interest.due'
  | 'margin.call'
  | 'margin.cleared'
  | 'topup.locked'
  | 'topup.requested'
  | 'rollover.requested'
  | 'rollover.acked'
  | 'rollover.completed'
  | 'escrow.retired'
  | 'escrow.claimed'
  | 'escrow.refused'
  | 'escrow.released'
  | 'lock.lost'
  | 'repay.invoiced'
  | 'invoice.canceled'
  | 'loan.repaid'
  | 'liquidation.started'
  | 'surplus.sent'
  | 'surplus.paid'
  | 'surplus.failed'
  | 'loan.liquidated'

export type NewLoanEvent = Omit<LoanEvent, 'seq'>
