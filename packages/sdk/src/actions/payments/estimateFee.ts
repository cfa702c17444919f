import {
  type AssertAmountErrorType,
  assertObject,
  assertPositiveMsat,
  assertPubkey,
  type Hex,
  type RouteFeeEstimate,
  type RpcErrorType,
} from '@btcfi/core'
import { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'

export type EstimateFeeParameters =
  /** From the graph: no payment is attempted. */
  | { dest: Hex; amountMsat: bigint }
  /** By probing the route to the invoice's payee with a payment that cannot succeed. */
  | { paymentRequest: string; timeoutSeconds?: number }
export type EstimateFeeReturnType = RouteFeeEstimate
export type EstimateFeeErrorType =
  | AssertAmountErrorType
  | RpcErrorType<typeof rpcs.estimateRouteFee>

/**
 * Estimates the routing fee and time lock to a destination: from the graph
 * (`dest` + `amountMsat`), or by probing the invoice's route (`paymentRequest`).
 *
 * @remarks Permission: `offchain:read`.
 * @example
 * const { routingFeeMsat, timeLockDelay } = await estimateFee(client, { dest, amountMsat: 1_000_000n })
 */
export async function estimateFee(
  client: Client,
  parameters: EstimateFeeParameters,
  options: { signal?: AbortSignal } = {},
): Promise<EstimateFeeReturnType> {
  assertObject(parameters, 'parameters')
  if ('dest' in parameters) {
    assertPubkey(parameters.dest, 'dest')
    assertPositiveMsat(parameters.amountMsat, 'amountMsat')
  }
  return client.backend.call(rpcs.estimateRouteFee, parameters, options)
}
