import type { Hex } from '@btcfi/core'
import type { LoanAgreement } from '../loan/LoanAgreement.js'
import type { LoanRecord, LoanState, LockPurpose, LockState } from '../loan/LoanRecord.js'
import type { PriceSnapshot } from '../oracle/PriceOracle.js'

/** A loan as the desk shows it to its borrower (no secret: preimages are never stored). */
export interface LoanView {
  id: string
  state: LoanState
  agreement: LoanAgreement
  borrowerSignature: string
  deskSignature: string
  /** Sum of the locks the desk holds now (ACCEPTED). */
  collateralSat: bigint
  locks: {
    id: string
    purpose: LockPurpose
    paymentHash: Hex
    amountSat: bigint
    state: LockState
    expiryHeight: number | undefined
    paymentRequest: string | undefined
  }[]
  disbursement:
    | { paymentHash: Hex; amountMsat: bigint; status: string; feeMsat: bigint }
    | undefined
  interest: { accruedMsat: bigint; paidMsat: bigint; arrearsMsat: bigint; accruedToMs: number }
  openInvoices: {
    kind: 'interest' | 'repay'
    paymentHash: Hex
    paymentRequest: string
    amountMsat: bigint
    expiresAtMs: number
  }[]
  marginCall: { atMs: number; ltvBps: bigint } | undefined
  liquidation:
    | {
        reason: string
        centsPerBtc: bigint
        /** 0 when the desk's own outage caused it. */
        penaltyBps: bigint
        collateralSat: bigint
        keepSat: bigint
        surplusSat: bigint
        shortfallMsat: bigint
        surplusPaymentHash: Hex | undefined
        surplusStatus: string | undefined
      }
    | undefined
  disbursedAtMs: number | undefined
  maturesAtMs: number | undefined
  cancelReason: string | undefined
  /** The desk's latest price (US cents per BTC, and when): what it values the loan at now. */
  price: { centsPerBtc: bigint; atMs: number } | undefined
}

/** Sum of the ACCEPTED locks of a loan, sat. */
export function heldCollateralSat(loan: LoanRecord): bigint {
  return loan.locks.filter((l) => l.state === 'ACCEPTED').reduce((sum, l) => sum + l.amountSat, 0n)
}

/** What the borrower sees of a loan record. */
export function loanView(loan: LoanRecord, price?: PriceSnapshot): LoanView {
  const { interest, liquidation, disbursement } = loan
  return {
    id: loan.id,
    state: loan.state,
    agreement: loan.agreement,
    borrowerSignature: loan.borrowerSignature,
    deskSignature: loan.deskSignature,
    collateralSat: heldCollateralSat(loan),
    locks: loan.locks.map((l) => ({
      id: l.id,
      purpose: l.purpose,
      paymentHash: l.paymentHash,
      amountSat: l.amountSat,
      state: l.state,
      expiryHeight: l.expiryHeight,
      paymentRequest: l.paymentRequest,
    })),
    disbursement: disbursement && {
      paymentHash: disbursement.paymentHash,
      amountMsat: disbursement.amountMsat,
      status: disbursement.status,
      feeMsat: disbursement.feeMsat,
    },
    interest: {
      accruedMsat: interest.accruedMsat,
      paidMsat: interest.paidMsat,
      arrearsMsat:
        interest.accruedMsat > interest.paidMsat ? interest.accruedMsat - interest.paidMsat : 0n,
      accruedToMs: interest.accruedToMs,
    },
    openInvoices: loan.invoices
      .filter((i) => i.state === 'OPEN')
      .map((i) => ({
        kind: i.kind,
        paymentHash: i.paymentHash,
        paymentRequest: i.paymentRequest,
        amountMsat: i.amountMsat,
        expiresAtMs: i.expiresAtMs,
      })),
    marginCall: loan.marginCall,
    liquidation: liquidation && {
      reason: liquidation.reason,
      centsPerBtc: liquidation.centsPerBtc,
      penaltyBps: liquidation.penaltyBps,
      collateralSat: liquidation.collateralSat,
      keepSat: liquidation.keepSat,
      surplusSat: liquidation.surplusSat,
      shortfallMsat: liquidation.shortfallMsat,
      surplusPaymentHash: liquidation.surplus?.paymentHash,
      surplusStatus: liquidation.surplus?.status,
    },
    disbursedAtMs: loan.disbursedAtMs,
    maturesAtMs: loan.maturesAtMs,
    cancelReason: loan.cancelReason,
    price: price && { centsPerBtc: price.centsPerBtc, atMs: price.atMs },
  }
}
