import type { LoanRecord } from '../loan/LoanRecord.js'
import { defaultTerms } from '../terms/defaultTerms.js'

const pubkey = (byte: string) => `02${byte.repeat(32)}`

/** A loan record for store and handler tests (no node behind it). */
export function sampleLoan(overrides: Partial<LoanRecord> = {}): LoanRecord {
  const id = overrides.id ?? 'loan-1'
  return {
    id,
    version: 0,
    state: 'AWAITING_LOCK',
    agreement: {
      protocol: 'btcfi-loan/1',
      loanId: id,
      deskPubkey: pubkey('bb'),
      borrowerPubkey: pubkey('aa'),
      principal: 5_000_000n,
      currency: 'USD',
      centsPerBtc: 10_000_000n,
      principalMsat: 50_000_000_000n,
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
      disbursementHash: 'cd'.repeat(32),
      quotedAtMs: 1_700_000_000_000,
    },
    borrowerSignature: 'borrower-signature',
    deskSignature: 'desk-signature',
    disbursementInvoice: 'lnbcrt1…',
    createdAtMs: 1_700_000_000_000,
    disbursedAtMs: undefined,
    maturesAtMs: undefined,
    locks: [
      {
        id: `${id}:lock:1`,
        purpose: 'initial',
        paymentHash: 'ef'.repeat(32),
        amountSat: 100_000_000n,
        cltvExpiry: 465,
        paymentRequest: 'lnbcrt1…',
        state: 'OPEN',
        expiryHeight: undefined,
        createdAtMs: 1_700_000_000_000,
      },
    ],
    nextLockNumber: 2,
    disbursement: undefined,
    invoices: [],
    interest: { carry: 0n, accruedMsat: 0n, paidMsat: 0n, accruedToMs: 0, dues: [] },
    marginCall: undefined,
    liquidation: undefined,
    cancelReason: undefined,
    updatedAtMs: 1_700_000_000_000,
    ...overrides,
  }
}
