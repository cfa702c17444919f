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
