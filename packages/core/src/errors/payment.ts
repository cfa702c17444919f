import type { Hex } from '../types/node.js'
import type { PaymentFailureReason } from '../types/payment.js'
import { BaseError } from './BaseError.js'

interface PaymentErrorOptions {
  paymentHash?: Hex
  cause?: unknown
  details?: string
}

export class NoRouteError extends BaseError {
  override name = 'NoRouteError' as const
  constructor({ cause, details }: PaymentErrorOptions = {}) {
    super('No route to the destination with enough capacity.', {
      code: 'NO_ROUTE',
      cause,
      ...(details ? { details } : {}),
    })
  }
}

export class InsufficientBalanceError extends BaseError {
  override name = 'InsufficientBalanceError' as const
  constructor({ cause, details }: PaymentErrorOptions = {}) {
    super('Not enough balance to send this amount.', {
      code: 'INSUFFICIENT_BALANCE',
      cause,
      ...(details ? { details } : {}),
    })
  }
}

/** The node already paid this payment hash. */
export class AlreadyPaidError extends BaseError {
  override name = 'AlreadyPaidError' as const
  readonly paymentHash: Hex | undefined
  constructor({ paymentHash, cause }: PaymentErrorOptions = {}) {
    super('This invoice is already paid.', { code: 'ALREADY_PAID', cause })
    this.paymentHash = paymentHash
  }
}

/** A payment for this hash is already in flight. */
export class PaymentInFlightError extends BaseError {
  override name = 'PaymentInFlightError' as const
  readonly paymentHash: Hex | undefined
  constructor({ paymentHash, cause }: PaymentErrorOptions = {}) {
    super('A payment for this hash is already in flight.', { code: 'PAYMENT_IN_FLIGHT', cause })
    this.paymentHash = paymentHash
  }
}

const REASONS: Record<PaymentFailureReason, string> = {
  NONE: 'the payment failed',
  TIMEOUT: 'no route was found in time',
  NO_ROUTE: 'no route with enough capacity',
  ERROR: 'the node hit an error',
  INCORRECT_PAYMENT_DETAILS: 'the recipient rejected it (unknown hash, wrong amount or expired)',
  INSUFFICIENT_BALANCE: 'not enough balance',
  CANCELED: 'the payment was canceled',
}

/** A payment that reached its final FAILED state. */
export class PaymentFailedError extends BaseError {
  override name = 'PaymentFailedError' as const
  readonly failureReason: PaymentFailureReason
  readonly paymentHash: Hex | undefined
  constructor(
    failureReason: PaymentFailureReason,
    { paymentHash, cause }: PaymentErrorOptions = {},
  ) {
    super(`Payment failed: ${REASONS[failureReason]}.`, {
      code: 'PAYMENT_FAILED',
      cause,
      metaMessages: [`Failure reason: ${failureReason}`],
    })
    this.failureReason = failureReason
    this.paymentHash = paymentHash
  }
}
