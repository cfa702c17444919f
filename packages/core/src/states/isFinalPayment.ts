import type { Payment } from '../types/payment.js'

/**
 * Whether a payment's update is its last: SUCCEEDED or FAILED. lnd ends a
 * payment's stream after it, and no later update changes it. The one rule for
 * every backend, watcher and action that follows a payment.
 */
export function isFinalPayment(payment: Pick<Payment, 'status'> | undefined): boolean {
  return payment?.status === 'SUCCEEDED' || payment?.status === 'FAILED'
}
