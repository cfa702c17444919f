import { assertInteger } from '@btcfi/core'
import { LoanError } from '../errors/LoanError.js'
import { BPS } from '../money/constants.js'
import { assertAmountIn } from '../validate/assertAmountIn.js'
import type { LoanTerms } from './LoanTerms.js'
import { LND_BLOCK_PADDING, lockCltvExpiry, maxPayoutFinalCltv } from './lockCltvExpiry.js'

/** lnd ≥ 0.21 refuses a hold invoice whose cltv_expiry is below this. */
export const MIN_INVOICE_CLTV = 24

function invalid(message: string): never {
  throw new LoanError('TERMS_INVALID', message)
}

/**
 * Checks a desk's terms: the LTV ladder (origination < margin call <
 * liquidation ≤ 100%), amounts, times, and the lock's CLTV budget for a direct
 * channel: `cltv_expiry + 3 ≤ maxCltvExpiry` (each intermediate hop would add
 * its delta, 80 by default), with the lock period longer than the rollover lead.
 *
 * @example
 * validateTerms({ ...defaultTerms, aprBps: 900n })
 */
export function validateTerms(terms: LoanTerms): LoanTerms {
  if (terms.currency !== 'USD' && terms.currency !== 'sat') {
    invalid("currency must be 'USD' or 'sat'.")
  }
  assertAmountIn(terms.minPrincipal, 'minPrincipal', 1n)
  assertAmountIn(terms.maxPrincipal, 'maxPrincipal', terms.minPrincipal)
  assertAmountIn(terms.ltvBps, 'ltvBps', 1n, BPS)
  assertAmountIn(terms.marginCallLtvBps, 'marginCallLtvBps', 1n, BPS)
  assertAmountIn(terms.liquidationLtvBps, 'liquidationLtvBps', 1n, BPS)
  assertAmountIn(terms.aprBps, 'aprBps', 0n, 1_000_000n)
  assertAmountIn(terms.penaltyBps, 'penaltyBps', 0n, BPS)
  assertAmountIn(terms.disbursementFeeLimitBps, 'disbursementFeeLimitBps', 0n, BPS)
  if (
    !(terms.ltvBps < terms.marginCallLtvBps && terms.marginCallLtvBps < terms.liquidationLtvBps)
  ) {
    invalid('LTVs must rise: ltvBps < marginCallLtvBps < liquidationLtvBps.')
  }
  assertInteger(terms.termSeconds, 'termSeconds', { min: 1 })
  assertInteger(terms.interestIntervalSeconds, 'interestIntervalSeconds', { min: 1 })
  assertInteger(terms.gracePeriodSeconds, 'gracePeriodSeconds', { min: 0 })
  assertInteger(terms.quoteTtlSeconds, 'quoteTtlSeconds', { min: 1 })
  assertInteger(terms.oracle.maxStalenessSeconds, 'oracle.maxStalenessSeconds', { min: 1 })
  const { lock } = terms
  assertInteger(lock.periodBlocks, 'lock.periodBlocks', { min: 1 })
  assertInteger(lock.holdExpiryDeltaBlocks, 'lock.holdExpiryDeltaBlocks', { min: 0 })
  assertInteger(lock.safetyMarginBlocks, 'lock.safetyMarginBlocks', { min: 1 })
  assertInteger(lock.rolloverLeadBlocks, 'lock.rolloverLeadBlocks', { min: 1 })
  assertInteger(lock.maxCltvExpiry, 'lock.maxCltvExpiry', { min: 1, max: 65_535 })
  if (lock.rolloverLeadBlocks >= lock.periodBlocks) {
    invalid('lock.rolloverLeadBlocks must be less than lock.periodBlocks.')
  }
  const cltv = lockCltvExpiry(lock)
  if (cltv < MIN_INVOICE_CLTV) {
    invalid(`The lock's cltv_expiry ${cltv} is below lnd's minimum of ${MIN_INVOICE_CLTV}.`)
  }
  // The principal is paid while the lock holds, and must be resolved before
  // the lock's safe deadline: the window must fit the shortest invoice lnd makes.
  if (maxPayoutFinalCltv(lock) < MIN_INVOICE_CLTV) {
    invalid(
      `lock.periodBlocks ${lock.periodBlocks} leaves the principal's payment ${maxPayoutFinalCltv(lock)} blocks of final CLTV; lnd's invoices ask at least ${MIN_INVOICE_CLTV}: lengthen lock.periodBlocks.`,
    )
  }
  if (cltv + LND_BLOCK_PADDING > lock.maxCltvExpiry) {
    invalid(
      `The lock's cltv_expiry ${cltv} + ${LND_BLOCK_PADDING} exceeds the payer's max-cltv-expiry ${lock.maxCltvExpiry}: shorten lock.periodBlocks.`,
    )
  }
  return terms
}
