import {
  type AssertAmountErrorType,
  assertHash,
  assertInteger,
  assertObject,
  assertPositiveMsat,
  assertPubkey,
  type Hex,
  hexToBytes,
  InvalidArgumentError,
  type Payment,
  paymentHashOf,
  type RpcErrorType,
  randomPreimage,
} from '@btcfi/core'
import type { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'
import {
  defaultFeeLimitMsat,
  type FollowPaymentErrorType,
  type PaymentProgress,
  sendOnce,
} from './followPayment.js'

/** The TLV record that carries a keysend preimage. */
export const KEYSEND_RECORD = '5482373484'

export interface KeysendParameters extends PaymentProgress {
  /** The receiver's node key. */
  dest: Hex
  amountMsat: bigint
  /** Extra TLV records for the receiver, by type (≥ 65536, decimal string or bigint). */
  customRecords?: Record<string, Uint8Array>
  /** The preimage to use; a fresh random one by default. Pass the same one to retry safely. */
  preimage?: Hex
  feeLimitMsat?: bigint
  timeoutSeconds?: number
  /** Final CLTV delta. Default 40. */
  finalCltvDelta?: number
  /** The most blocks the payment's HTLCs may stay locked (see `payInvoice`). Default lnd's (2016). */
  cltvLimit?: number
}
export type KeysendReturnType = Payment
export type KeysendErrorType =
  | AssertAmountErrorType
  | RpcErrorType<typeof rpcs.sendPayment>
  | FollowPaymentErrorType

/**
 * Pays a node without an invoice (keysend): the preimage travels in TLV
 * record 5482373484 with any custom records you add. Idempotent on the
 * payment hash, like `payInvoice`: to retry a keysend safely, pass the same
 * `preimage`.
 *
 * @remarks Permission: `offchain:write`. The receiver runs lnd with `--accept-keysend`.
 * @example
 * await keysend(client, {
 *   dest: '03…',
 *   amountMsat: 5_000n,
 *   customRecords: { '7629169': new TextEncoder().encode('{"action":"stream"}') },
 * })
 */
export async function keysend(
  client: Client,
  parameters: KeysendParameters,
): Promise<KeysendReturnType> {
  assertObject(parameters, 'parameters')
  assertPubkey(parameters.dest, 'dest')
  assertPositiveMsat(parameters.amountMsat, 'amountMsat')
  if (parameters.finalCltvDelta !== undefined)
    assertInteger(parameters.finalCltvDelta, 'finalCltvDelta', { min: 1, max: 65_535 })
  if (parameters.cltvLimit !== undefined)
    assertInteger(parameters.cltvLimit, 'cltvLimit', { min: 1, max: 65_535 })
  const preimage = parameters.preimage ?? randomPreimage()
  assertHash(preimage, 'preimage')
  const records: Record<string, Uint8Array> = {}
  for (const [type, value] of Object.entries(parameters.customRecords ?? {})) {
    if (!/^\d+$/.test(type) || BigInt(type) < 65_536n) {
      throw new InvalidArgumentError('customRecords', 'record types of 65536 or more')
    }
    if (!(value instanceof Uint8Array))
      throw new InvalidArgumentError(`customRecords[${type}]`, 'a Uint8Array')
    records[type] = value
  }
  records[KEYSEND_RECORD] = hexToBytes(preimage)
  const paymentHash = paymentHashOf(preimage)
  return sendOnce(
    client,
    paymentHash,
    {
      dest: parameters.dest,
      paymentHash,
      amountMsat: parameters.amountMsat,
      feeLimitMsat: parameters.feeLimitMsat ?? defaultFeeLimitMsat(parameters.amountMsat),
      timeoutSeconds: parameters.timeoutSeconds ?? 60,
      destCustomRecords: records,
      finalCltvDelta: parameters.finalCltvDelta ?? 40,
      ...(parameters.cltvLimit === undefined ? {} : { cltvLimit: parameters.cltvLimit }),
    },
    parameters,
  )
}
