import {
  type AssertAmountErrorType,
  assertAmount,
  assertInteger,
  assertObject,
  bolt12Kind,
  InvalidArgumentError,
  type Payment,
  type ReadInvoiceErrorType,
  type RpcErrorType,
  readInvoice,
  UnsupportedError,
  type ValidateInvoiceErrorType,
  validateInvoice,
} from '@btcfi/core'
import type { rpcs } from '@btcfi/wire'
import type { Client } from '../../client/createClient.js'
import {
  defaultFeeLimitMsat,
  type FollowPaymentErrorType,
  type PaymentProgress,
  sendOnce,
} from './followPayment.js'

export interface PayInvoiceParameters extends PaymentProgress {
  paymentRequest: string
  /** Required for an any-amount invoice; must match a fixed one. */
  amountMsat?: bigint
  /** Most routing fee to pay. Default 1% of the amount, at least 10 sat. */
  feeLimitMsat?: bigint
  /** lnd stops looking for routes after this many seconds. Default 60. */
  timeoutSeconds?: number
  /** Split into at most this many parts (MPP). Default lnd's (16). */
  maxParts?: number
  /** Only leave through these channels. */
  outgoingChanIds?: string[]
  /**
   * The most blocks the payment's HTLCs may stay locked: lnd only takes routes
   * whose total time lock (hops' deltas plus the invoice's final CLTV) is
   * within this many blocks of the current height. Who pays while holding
   * funds of their own (a lender paying out against a collateral lock) sets it
   * so that the receiver cannot hold the payment past their own deadline.
   * Default: lnd's `--max-cltv-expiry` (2016).
   */
  cltvLimit?: number
  /**
   * Pay an AMP invoice (one created with `amp: true`): lnd splits the payment
   * into shares whose preimages the receiver rebuilds, under a set id lnd
   * draws (the payment's `paymentHash`, not the invoice's). An AMP invoice
   * can be paid more than once, and each call pays it again: the payment
   * hash idempotency of other invoices does not hold. Required for an AMP
   * invoice, refused for any other. Default false.
   */
  amp?: boolean
}
export type PayInvoiceReturnType = Payment
export type PayInvoiceErrorType =
  | 'UNSUPPORTED'
  | AssertAmountErrorType
  | ReadInvoiceErrorType
  | ValidateInvoiceErrorType
  | RpcErrorType<typeof rpcs.sendPayment>
  | FollowPaymentErrorType

/**
 * Pays a BOLT 11 invoice and resolves with the SUCCEEDED payment (its
 * preimage is the proof of payment). The invoice is decoded and checked
 * (chain, expiry, amount) before anything is sent. Idempotent on the payment
 * hash: paying an invoice that is already paid or in flight follows that
 * payment instead of sending again, and nothing is ever retried
 * automatically (an AMP invoice, paid with `amp`, is paid again by each
 * call). A payment held by a hold invoice stays IN_FLIGHT and this keeps
 * waiting; pass a `signal` to stop waiting. A BOLT 12 offer (`lno1…`) or
 * invoice (`lni1…`) is refused with `UnsupportedError` before any node call:
 * lnd cannot pay them.
 *
 * @remarks Permission: `offchain:write` (and `offchain:read` to track).
 * @example
 * const payment = await payInvoice(client, {
 *   paymentRequest,
 *   onUpdate: (p) => console.log(p.status),
 * })
 * console.log(payment.preimage, payment.feeMsat)
 */
export async function payInvoice(
  client: Client,
  parameters: PayInvoiceParameters,
): Promise<PayInvoiceReturnType> {
  assertObject(parameters, 'parameters')
  const bolt12 = bolt12Kind(parameters.paymentRequest)
  if (bolt12 === 'offer')
    throw new UnsupportedError(
      'bolt12-offer',
      'lnd cannot pay BOLT 12 offers; ask the payee for a BOLT 11 invoice.',
    )
  if (bolt12 === 'invoice')
    throw new UnsupportedError(
      'bolt12-invoice',
      'lnd cannot pay BOLT 12 invoices; ask the payee for a BOLT 11 invoice.',
    )
  // The fields only: lnd checks the signature when it pays (recovering the
  // payee's key here would cost milliseconds of CPU per payment).
  const invoice = readInvoice(parameters.paymentRequest)
  if (parameters.amountMsat !== undefined)
    assertAmount(parameters.amountMsat, 'amountMsat', { min: 1n })
  if (parameters.feeLimitMsat !== undefined) assertAmount(parameters.feeLimitMsat, 'feeLimitMsat')
  if (parameters.timeoutSeconds !== undefined)
    assertInteger(parameters.timeoutSeconds, 'timeoutSeconds', { min: 1 })
  if (parameters.cltvLimit !== undefined)
    assertInteger(parameters.cltvLimit, 'cltvLimit', { min: 1, max: 65_535 })
  if (parameters.amp !== undefined && typeof parameters.amp !== 'boolean')
    throw new InvalidArgumentError('amp', 'a boolean')
  const amp = parameters.amp === true
  // lnd's AMP invoices set feature 30 (compulsory); 31, its optional twin, has the same name.
  const ampInvoice = invoice.features.some((f) => f.name === 'amp')
  if (amp && !ampInvoice)
    throw new InvalidArgumentError('amp', 'an AMP invoice with amp: true; this one is not')
  if (!amp && ampInvoice)
    throw new InvalidArgumentError('amp', 'amp: true to pay an AMP invoice (each call pays it)')
  const amountMsat = validateInvoice(invoice, {
    network: await client.getNetwork(),
    ...(parameters.amountMsat === undefined ? {} : { amountMsat: parameters.amountMsat }),
  })
  return sendOnce(
    client,
    // An AMP payment has no hash of its own until lnd draws its set id.
    amp ? undefined : invoice.paymentHash,
    {
      paymentRequest: invoice.paymentRequest,
      ...(invoice.amountMsat === undefined ? { amountMsat } : {}),
      feeLimitMsat: parameters.feeLimitMsat ?? defaultFeeLimitMsat(amountMsat),
      timeoutSeconds: parameters.timeoutSeconds ?? 60,
      ...(parameters.maxParts === undefined ? {} : { maxParts: parameters.maxParts }),
      ...(parameters.outgoingChanIds === undefined
        ? {}
        : { outgoingChanIds: parameters.outgoingChanIds }),
      ...(parameters.cltvLimit === undefined ? {} : { cltvLimit: parameters.cltvLimit }),
      ...(amp ? { amp: true } : {}),
    },
    parameters,
  )
}
