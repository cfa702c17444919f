import type { LockTerms } from './LoanTerms.js'

/** Blocks the desk allows for between the borrower's payment and its check of the lock. */
export const LOCK_SLACK_BLOCKS = 3

/** lnd pads the final CLTV of a payment by this many blocks (routing's BlockPadding). */
export const LND_BLOCK_PADDING = 3

/**
 * Blocks a lock's HTLC must have left when the desk checks it: the lock period,
 * then the safety margin, then lnd's holdexpirydelta.
 */
export function requiredLockBlocks(lock: LockTerms): number {
  return lock.periodBlocks + lock.safetyMarginBlocks + lock.holdExpiryDeltaBlocks
}

/**
 * The `cltv_expiry` of a collateral hold invoice: the blocks required plus a
 * little slack for blocks mined while the payment travels.
 */
export function lockCltvExpiry(lock: LockTerms): number {
  return requiredLockBlocks(lock) + LOCK_SLACK_BLOCKS
}

/**
 * The last height at which the desk may still act on a lock: it settles (a
 * default) or cancels (a completed rollover) by then. lnd would cancel the
 * invoice at `lowestExpiryHeight − holdExpiryDeltaBlocks`.
 */
export function safeDeadlineHeight(lock: LockTerms, lowestExpiryHeight: number): number {
  return lowestExpiryHeight - lock.holdExpiryDeltaBlocks - lock.safetyMarginBlocks
}

/**
 * The `cltvLimit` of the principal's payment while the lock is held: its HTLCs
 * must be resolved, on chain if the payee holds them to the end, with
 * `safetyMarginBlocks` to spare before the lock's safe deadline. Whoever holds
 * the principal therefore cannot keep it past the moment the desk must settle
 * or lose the lock. Zero or less: no payment may be sent any more.
 */
export function payoutCltvLimit(
  lock: LockTerms,
  lowestExpiryHeight: number,
  currentHeight: number,
): number {
  return safeDeadlineHeight(lock, lowestExpiryHeight) - lock.safetyMarginBlocks - currentHeight
}

/**
 * The largest `min_final_cltv_expiry` a disbursement invoice may ask: the
 * blocks its payment may stay locked (with lnd's padding) must fit in the
 * payout window of a lock just taken.
 */
export function maxPayoutFinalCltv(lock: LockTerms): number {
  return lock.periodBlocks - lock.safetyMarginBlocks - LND_BLOCK_PADDING
}
