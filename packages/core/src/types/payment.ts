import type { Hex } from './node.js'

export type PaymentStatus = 'IN_FLIGHT' | 'SUCCEEDED' | 'FAILED' | 'INITIATED' | 'UNKNOWN'

export type PaymentFailureReason =
  | 'NONE'
  | 'TIMEOUT'
  | 'NO_ROUTE'
  | 'ERROR'
  | 'INCORRECT_PAYMENT_DETAILS'
  | 'INSUFFICIENT_BALANCE'
  | 'CANCELED'

export interface RouteHop {
  chanId: string
  pubkey: Hex
  amountToForwardMsat: bigint
  feeMsat: bigint
  expiry: number
  customRecords: Record<string, Uint8Array>
}

export interface Route {
  totalTimeLock: number
  totalAmountMsat: bigint
  totalFeesMsat: bigint
  hops: RouteHop[]
}

export type HtlcAttemptStatus = 'IN_FLIGHT' | 'SUCCEEDED' | 'FAILED'

export interface HtlcAttempt {
  attemptId: bigint
  status: HtlcAttemptStatus
  route: Route
  attemptTime: Date
  resolveTime: Date | undefined
  preimage: Hex | undefined
  /** lnd's failure code name for a failed attempt, e.g. `INCORRECT_OR_UNKNOWN_PAYMENT_DETAILS`. */
  failureCode: string | undefined
}

/** A payment as lnd tracks it: every update of `sendPayment` and `trackPayment` is one. */
export interface Payment {
  paymentHash: Hex
  status: PaymentStatus
  valueMsat: bigint
  feeMsat: bigint
  /** Present once SUCCEEDED. */
  preimage: Hex | undefined
  paymentRequest: string | undefined
  paymentIndex: bigint
  createdAt: Date
  failureReason: PaymentFailureReason
  htlcs: HtlcAttempt[]
}

export interface SendPaymentRequest {
  /** A BOLT 11 invoice; or `dest` + `paymentHash` + `amountMsat` for a spontaneous payment. */
  paymentRequest?: string
  dest?: Hex
  paymentHash?: Hex
  /** Amount for an any-amount invoice or a keysend. */
  amountMsat?: bigint
  /** Maximum routing fee. */
  feeLimitMsat: bigint
  /** lnd gives up finding routes after this many seconds. */
  timeoutSeconds: number
  /** Custom TLV records for the final hop, by record type (decimal string). */
  destCustomRecords?: Record<string, Uint8Array>
  /** Final CLTV delta for spontaneous payments. */
  finalCltvDelta?: number
  cltvLimit?: number
  outgoingChanIds?: string[]
  lastHopPubkey?: Hex
  allowSelfPayment?: boolean
  amp?: boolean
  maxParts?: number
  /** Hint to lnd that no invoice is known for this payment (keysend). */
  paymentAddr?: Hex
  /**
   * Stream the final state only (SUCCEEDED or FAILED), none of the IN_FLIGHT
   * updates before it: one message and one mapping per payment, for a
   * caller that waits for the outcome. Default false.
   */
  finalOnly?: boolean
}

export interface RouteFeeEstimate {
  routingFeeMsat: bigint
  timeLockDelay: number
  failureReason: PaymentFailureReason
}

export interface QueryRoutesRequest {
  pubkey: Hex
  amountMsat: bigint
  finalCltvDelta?: number
  feeLimitMsat?: bigint
}

/** One page of the node's payments, oldest first (lnd's `ListPayments`). */
export interface ListPaymentsRequest {
  /** Also the payments in flight and the failed ones. Default false: succeeded only. */
  includeIncomplete?: boolean
  /** The page starts after this payment index (or ends before it, `reversed`). 0: from the start (or the end). */
  indexOffset?: bigint
  /** At most this many payments; lnd's default when absent. */
  maxPayments?: number
  /** Pages backwards from `indexOffset`; the page itself stays oldest first. */
  reversed?: boolean
  /** Only payments created at or after this time. */
  createdAfter?: Date
  /** Only payments created at or before this time. */
  createdBefore?: Date
}

export interface PaymentPage {
  payments: Payment[]
  /** The index of the page's first payment: `indexOffset` of the previous page, `reversed`. */
  firstIndexOffset: bigint
  /** The index of the page's last payment: `indexOffset` of the next page. */
  lastIndexOffset: bigint
}

/** A page of the HTLCs this node forwarded (lnd's `ForwardingHistory`), oldest first. */
export interface ForwardingHistoryRequest {
  /** Only forwards at or after this time. Default: the last 24 hours (lnd's). */
  startTime?: Date
  /** Only forwards before this time. Default: now. */
  endTime?: Date
  /** The page starts after this many events of the time range: the last page's `lastOffsetIndex`. */
  indexOffset?: number
  /** At most this many events (lnd's default 100, its maximum 50,000). */
  maxEvents?: number
}

/** One HTLC forwarded: in on one channel, out on another, the fee kept. */
export interface ForwardingEvent {
  at: Date
  chanIdIn: string
  chanIdOut: string
  amountInMsat: bigint
  amountOutMsat: bigint
  /** What this node earned: `amountInMsat - amountOutMsat`. */
  feeMsat: bigint
}

export interface ForwardingPage {
  events: ForwardingEvent[]
  /** The `indexOffset` of the next page. */
  lastOffsetIndex: number
}
