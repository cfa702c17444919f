import { defaultTerms, type LoanRecord } from '@btcfi/loans'
import { bookPrincipal } from './bookPrincipal.js'

const DAY_MS = 86_400_000

/**
 * The book's loan `index`, active as a desk holds it between events: its
 * collateral lock held (ACCEPTED, far from its deadline), principal paid
 * out, interest accrued to `nowMs`, nothing due. 1 BTC of collateral against
 * `bookPrincipal(index)`.
 */
export function idleLoan(index: number, nowMs: number): LoanRecord {
  const id = loanId(index)
  const principal = bookPrincipal(index)
  const hex = index.toString(16).padStart(64, '0')
  return {
    id,
    version: 0,
    state: 'ACTIVE',
    agreement: {
      protocol: 'btcfi-loan/1',
      loanId: id,
      deskPubkey: `02${'bb'.repeat(32)}`,
      borrowerPubkey: `03${hex}`,
      principal,
      currency: 'USD',
      centsPerBtc: 10_000_000n,
      principalMsat: principal * 1_000_000n,
      collateralSat: 100_000_000n,
      ltvBps: defaultTerms.ltvBps,
      marginCallLtvBps: defaultTerms.marginCallLtvBps,
      liquidationLtvBps: defaultTerms.liquidationLtvBps,
      aprBps: defaultTerms.aprBps,
      penaltyBps: defaultTerms.penaltyBps,
      disbursementFeeLimitMsat: 10_000n,
      termSeconds: defaultTerms.termSeconds,
      interestIntervalSeconds: defaultTerms.interestIntervalSeconds,
      gracePeriodSeconds: defaultTerms.gracePeriodSeconds,
      lock: defaultTerms.lock,
      disbursementHash: hex,
      quotedAtMs: nowMs,
    },
    borrowerSignature: 'borrower-signature',
    deskSignature: 'desk-signature',
    disbursementInvoice: 'lnbcrt1',
    createdAtMs: nowMs,
    disbursedAtMs: nowMs,
    maturesAtMs: nowMs + 30 * DAY_MS,
    locks: [
      {
        id: `${id}:lock:1`,
        purpose: 'initial',
        paymentHash: hex,
        amountSat: 100_000_000n,
        cltvExpiry: 465,
        paymentRequest: 'lnbcrt1',
        state: 'ACCEPTED',
        expiryHeight: 1_000_000,
        createdAtMs: nowMs,
      },
    ],
    nextLockNumber: 2,
    disbursement: {
      paymentHash: hex,
      amountMsat: principal * 1_000_000n,
      status: 'SUCCEEDED',
      feeMsat: 0n,
      failure: undefined,
    },
    invoices: [],
    interest: { carry: 0n, accruedMsat: 0n, paidMsat: 0n, accruedToMs: nowMs, dues: [] },
    marginCall: undefined,
    liquidation: undefined,
    cancelReason: undefined,
    updatedAtMs: nowMs,
  }
}

/** The id of the book's loan `index`; `indexOf` reads it back. */
export function loanId(index: number): string {
  return `loan-${index.toString().padStart(7, '0')}`
}

/** The index of a book loan from its id. */
export function indexOf(id: string): number {
  return Number(id.slice('loan-'.length))
}
