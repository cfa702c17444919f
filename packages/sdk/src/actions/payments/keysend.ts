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
  /** The preimage to use; a fresh random one by default. Pass the same one to retry safely. Not with `amp`. */
  preimage?: Hex
  feeLimitMsat?: bigint
  timeoutSeconds?: number
  /** Final CLTV delta. Default 40. */
  finalCltvDelta?: number
  /** The most blocks the payment's HTLCs may stay locked (see `payInvoice`). Default lnd's (2016). */
  cltvLimit?: number
  /**
   * Send a spontaneous AMP payment instead of a keysend: lnd splits it into
   * shares whose preimages the receiver rebuilds (no preimage record), under
   * a set id lnd draws (the payment's `paymentHash`). Each call pays again:
   * there is no preimage to retry with. The receiver runs lnd with
   * `--accept-amp`. Default false.
   */
  amp?: boolean
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
 * `preimage`. With `amp`, a spontaneous AMP payment instead (see `amp`).
 *
 * @remarks Permission: `offchain:write`. The receiver runs lnd with `--accept-keysend` (`--accept-amp` for `amp`).
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
  if (parameters.amp !== undefined && typeof parameters.amp !== 'boolean')
    throw new InvalidArgumentError('amp', 'a boolean')
  const amp = parameters.amp === true
  if (amp && parameters.preimage !== undefined)
    throw new InvalidArgumentError('preimage', 'none with amp: lnd draws the shares')
  const records: Record<string, Uint8Array> = {}
  for (const [type, value] of Object.entries(parameters.customRecords ?? {})) {
    if (!/^\d+$/.test(type) || BigInt(type) < 65_536n) {
      throw new InvalidArgumentError('customRecords', 'record types of 65536 or more')
    }
    if (!(value instanceof Uint8Array))
      throw new InvalidArgumentError(`customRecords[${type}]`, 'a Uint8Array')
    records[type] = value
  }
  const common = {
    dest: parameters.dest,
    amountMsat: parameters.amountMsat,
    feeLimitMsat: parameters.feeLimitMsat ?? defaultFeeLimitMsat(parameters.amountMsat),
    timeoutSeconds: parameters.timeoutSeconds ?? 60,
    finalCltvDelta: parameters.finalCltvDelta ?? 40,
    ...(parameters.cltvLimit === undefined ? {} : { cltvLimit: parameters.cltvLimit }),
  }
  if (amp) {
    return sendOnce(
      client,
      undefined,
      {
        ...common,
        ...(Object.keys(records).length === 0 ? {} : { destCustomRecords: records }),
        amp: true,
      },
      parameters,
    )
  }
  const preimage = parameters.preimage ?? randomPreimage()
  assertHash(preimage, 'preimage')
  records[KEYSEND_RECORD] = hexToBytes(preimage)
  const paymentHash = paymentHashOf(preimage)
  return sendOnce(
    client,
    paymentHash,
    { ...common, paymentHash, destCustomRecords: records },
    parameters,
  )
}
