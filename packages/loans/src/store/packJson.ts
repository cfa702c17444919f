import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { toStoreJson } from './storeJson.js'

// A loan record's store JSON is mostly its field names and a few usual
// values. Deflated against a dictionary that holds them (a loan as the desk
// writes it, every field present), a record keeps about what is its own:
// keys, hashes, signatures, invoices, amounts.
const hex = '0'.repeat(64)
const dictionary = Buffer.from(
  toStoreJson({
    event: { seq: 1, loanId: hex, atMs: 1_700_000_000_000, type: 'interest.due', data: {} },
    quote: { priceAtMs: 1_700_000_000_000, expiresAtMs: 1_700_000_000_000 },
    loan: {
      id: hex,
      version: 1,
      state: 'AWAITING_LOCK',
      agreement: {
        protocol: 'btcfi-loan/1',
        loanId: hex,
        deskPubkey: `02${hex}`,
        borrowerPubkey: `03${hex}`,
        principal: 5_000_000n,
        currency: 'USD',
        centsPerBtc: 10_000_000n,
        principalMsat: 50_000_000_000n,
        collateralSat: 100_000_000n,
        ltvBps: 5_000n,
        marginCallLtvBps: 8_000n,
        liquidationLtvBps: 9_000n,
        aprBps: 1_200n,
        penaltyBps: 500n,
        disbursementFeeLimitMsat: 250_000_000n,
        termSeconds: 2_592_000,
        interestIntervalSeconds: 86_400,
        gracePeriodSeconds: 86_400,
        lock: {
          periodBlocks: 432,
          holdExpiryDeltaBlocks: 18,
          safetyMarginBlocks: 12,
          rolloverLeadBlocks: 72,
          maxCltvExpiry: 2016,
        },
        disbursementHash: hex,
        quotedAtMs: 1_700_000_000_000,
      },
      borrowerSignature: 'd',
      deskSignature: 'd',
      disbursementInvoice: 'lnbc',
      createdAtMs: 1_700_000_000_000,
      disbursedAtMs: 1_700_000_000_000,
      maturesAtMs: 1_700_000_000_000,
      locks: [
        {
          id: `${hex}:lock:1`,
          purpose: 'rollover',
          paymentHash: hex,
          amountSat: 100_000_000n,
          cltvExpiry: 465,
          paymentRequest: 'lnbc',
          state: 'ACCEPTED',
          expiryHeight: 1_000,
          deadlineHeight: 1_000,
          createdAtMs: 1_700_000_000_000,
        },
      ],
      nextLockNumber: 2,
      disbursement: {
        paymentHash: hex,
        amountMsat: 50_000_000_000n,
        status: 'SUCCEEDED',
        feeMsat: 0n,
      },
      invoices: [
        {
          kind: 'interest',
          paymentHash: hex,
          paymentRequest: 'lnbc',
          amountMsat: 1_000n,
          centsPerBtc: 10_000_000n,
          state: 'OPEN',
          createdAtMs: 1_700_000_000_000,
          expiresAtMs: 1_700_000_000_000,
        },
      ],
      interest: {
        carry: 0n,
        accruedMsat: 0n,
        paidMsat: 0n,
        accruedToMs: 1_700_000_000_000,
        dues: [{ atMs: 1_700_000_000_000, amountMsat: 1_000n }],
        streamSettleIndex: 1n,
      },
      marginCall: { atMs: 1_700_000_000_000, ltvBps: 8_000n },
      liquidation: {
        reason: 'ltv',
        centsPerBtc: 10_000_000n,
        penaltyBps: 500n,
        collateralSat: 100_000_000n,
        debtMsat: 0n,
        owedMsat: 0n,
        keepSat: 0n,
        surplusSat: 0n,
        shortfallMsat: 0n,
        surplus: { paymentHash: hex, amountMsat: 0n, status: 'SENDING', feeMsat: 0n },
        atMs: 1_700_000_000_000,
      },
      updatedAtMs: 1_700_000_000_000,
    },
    states: ['DISBURSING', 'ACTIVE', 'LIQUIDATING', 'REPAID', 'initial', 'top-up', 'OPEN'],
  }),
)
// A 4 KiB window holds the dictionary; a small state keeps each call cheap.
const options = { dictionary, windowBits: 12, memLevel: 4 } as const

/**
 * A store JSON text packed small for a store in memory: deflated against a
 * dictionary of the loan record's fields, as a one-byte string (on the heap,
 * like the text it replaces: about a tenth of an idle loan's JSON).
 */
export function packJson(text: string): string {
  return deflateRawSync(text, options).toString('latin1')
}

/** The text `packJson` packed. */
export function unpackJson(packed: string): string {
  return inflateRawSync(Buffer.from(packed, 'latin1'), options).toString('utf8')
}
