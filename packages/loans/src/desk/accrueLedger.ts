import type { InterestLedger, LoanRecord } from '../loan/LoanRecord.js'
import { accrueInterest } from '../money/accrueInterest.js'

/**
 * The interest ledger of a loan brought up to `nowMs` at a price: interest
 * accrues from the disbursement, exactly (`accrueInterest`, remainders carried);
 * at the end of each interest interval what has accrued so far falls due
 * (a `due`); dues that are paid are dropped. Pure: the desk saves the result.
 */
export function accrueLedger(
  loan: LoanRecord,
  nowMs: number,
  centsPerBtc: bigint,
): { interest: InterestLedger; newDues: InterestLedger['dues'] } {
  const { agreement, disbursedAtMs } = loan
  const ledger = loan.interest
  if (disbursedAtMs === undefined || nowMs <= ledger.accruedToMs) {
    return { interest: ledger, newDues: [] }
  }
  const intervalMs = agreement.interestIntervalSeconds * 1_000
  let { carry, accruedMsat } = ledger
  let t = ledger.accruedToMs
  const dues = [...ledger.dues]
  const newDues: InterestLedger['dues'] = []
  const step = (to: number) => {
    const accrued = accrueInterest({
      principal: agreement.principal,
      currency: agreement.currency,
      aprBps: agreement.aprBps,
      elapsedMs: BigInt(to - t),
      centsPerBtc,
      carry,
    })
    carry = accrued.carry
    accruedMsat += accrued.msat
    t = to
  }
  let boundary = disbursedAtMs + (Math.floor((t - disbursedAtMs) / intervalMs) + 1) * intervalMs
  while (boundary <= nowMs) {
    step(boundary)
    const due = { atMs: boundary, amountMsat: accruedMsat }
    if (accruedMsat > ledger.paidMsat) {
      dues.push(due)
      newDues.push(due)
    }
    boundary += intervalMs
  }
  step(nowMs)
  return {
    interest: {
      carry,
      accruedMsat,
      paidMsat: ledger.paidMsat,
      accruedToMs: t,
      dues: dues.filter((d) => d.amountMsat > ledger.paidMsat),
    },
    newDues,
  }
}

/** The ledger after a payment of interest: paid dues dropped. */
export function creditLedger(ledger: InterestLedger, amountMsat: bigint): InterestLedger {
  const paidMsat = ledger.paidMsat + amountMsat
  return { ...ledger, paidMsat, dues: ledger.dues.filter((d) => d.amountMsat > paidMsat) }
}

/**
 * What the borrower owes besides the principal, msat: the interest accrued
 * and not paid, and the routing fee the desk paid to deliver the principal.
 */
export function unpaidMsat(loan: LoanRecord): bigint {
  const fee = loan.disbursement?.status === 'SUCCEEDED' ? loan.disbursement.feeMsat : 0n
  return arrearsMsat(loan.interest) + fee
}

/** Interest accrued and not paid, msat. */
export function arrearsMsat(ledger: InterestLedger): bigint {
  return ledger.accruedMsat > ledger.paidMsat ? ledger.accruedMsat - ledger.paidMsat : 0n
}
