import { assertHash, assertObject, type Hex, type Payment } from '@btcfi/core'
import type { Client } from '../../client/createClient.js'
import { type FollowPaymentErrorType, follow, type PaymentProgress } from './followPayment.js'

export interface TrackPaymentParameters extends PaymentProgress {
  paymentHash: Hex
}
export type TrackPaymentReturnType = Payment
export type TrackPaymentErrorType = FollowPaymentErrorType

/**
 * Follows a payment the node already made until it SUCCEEDS (resolves) or
 * FAILS (rejects with `PAYMENT_FAILED`), reconnecting through lnd restarts.
 * A held payment stays IN_FLIGHT as long as the hold lasts.
 *
 * @remarks Permission: `offchain:read`.
 * @example
 * const payment = await trackPayment(client, { paymentHash, onUpdate: (p) => console.log(p.status) })
 */
export async function trackPayment(
  client: Client,
  parameters: TrackPaymentParameters,
): Promise<TrackPaymentReturnType> {
  assertObject(parameters, 'parameters')
  assertHash(parameters.paymentHash, 'paymentHash')
  return follow(client, parameters.paymentHash, parameters)
}
