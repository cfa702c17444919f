import {
  assertAmount,
  assertHash,
  assertInteger,
  assertObject,
  assertPubkey,
  describeValue,
  type ForwardingEvent,
  type ForwardingHistoryRequest,
  type ForwardingPage,
  type Hex,
  type HtlcAttempt,
  type HtlcAttemptStatus,
  InvalidArgumentError,
  isFinalPayment,
  type ListPaymentsRequest,
  type Payment,
  type PaymentFailureReason,
  type PaymentPage,
  type PaymentStatus,
  type QueryRoutesRequest,
  type Route,
  type RouteFeeEstimate,
  type RouteHop,
  type SendPaymentRequest,
  type StreamRpc,
  type UnaryRpc,
} from '@btcfi/core'
import {
  bytesField,
  nanosToDate,
  nonZeroHex,
  optionalNanosToDate,
  recordsFromWire,
  recordsToWire,
  toBigInt,
  toNumber,
  toOptionalHex,
  type WireBytes,
  type WireInt64,
  type WireRecords,
} from './wire.js'

/** lnrpc.Payment, each update of `/v2/router/send` and `/v2/router/track/{hash}`. */
export interface LndPayment {
  /** Hex (a string field, not bytes). */
  payment_hash: string
  /** Hex; all zeros until the payment succeeds. */
  payment_preimage: string
  value_sat: WireInt64
  value_msat: WireInt64
  payment_request: string
  status: string
  fee_sat: WireInt64
  fee_msat: WireInt64
  creation_time_ns: WireInt64
  htlcs: LndHtlcAttempt[]
  payment_index: WireInt64
  failure_reason: string
}

/** lnrpc.HTLCAttempt. */
export interface LndHtlcAttempt {
  attempt_id: WireInt64
  status: string
  route: LndRoute | null
  attempt_time_ns: WireInt64
  resolve_time_ns: WireInt64
  failure: { code: string } | null
  preimage: WireBytes | null
}

/** lnrpc.Route. */
export interface LndRoute {
  total_time_lock: number
  total_fees_msat: WireInt64
  total_amt_msat: WireInt64
  hops: LndHop[]
}

/** lnrpc.Hop. */
export interface LndHop {
  chan_id: WireInt64
  expiry: number
  amt_to_forward_msat: WireInt64
  fee_msat: WireInt64
  pub_key: string
  custom_records: WireRecords
}

/** `GET /v1/graph/routes/{pub_key}/{amt}` reply (lnrpc.QueryRoutesResponse). */
export interface LndQueryRoutesResponse {
  routes: LndRoute[]
  success_prob: number
}

/** `POST /v2/router/route/estimatefee` reply (routerrpc.RouteFeeResponse). */
export interface LndRouteFeeResponse {
  routing_fee_msat: WireInt64
  time_lock_delay: WireInt64
  failure_reason: string
}

/** Body of `POST /v2/router/send` (routerrpc.SendPaymentRequest). */
export interface LndSendPaymentBody {
  payment_request?: string
  dest?: WireBytes
  payment_hash?: WireBytes
  amt_msat?: WireInt64
  fee_limit_msat: WireInt64
  timeout_seconds: number
  dest_custom_records?: WireRecords
  final_cltv_delta?: number
  cltv_limit?: number
  outgoing_chan_ids?: WireInt64[]
  last_hop_pubkey?: WireBytes
  allow_self_payment?: boolean
  amp?: boolean
  max_parts?: number
  payment_addr?: WireBytes
  /** True: lnd streams the final state only (SUCCEEDED or FAILED), no IN_FLIGHT updates. */
  no_inflight_updates: boolean
}

/** Body of `POST /v2/router/route/estimatefee` (routerrpc.RouteFeeRequest). */
export type LndRouteFeeBody =
  | { dest: WireBytes; amt_sat: WireInt64 }
  | { payment_request: string; timeout?: number }

const paymentStatuses: Readonly<Record<string, PaymentStatus>> = {
  IN_FLIGHT: 'IN_FLIGHT',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  INITIATED: 'INITIATED',
  UNKNOWN: 'UNKNOWN',
}

const attemptStatuses: Readonly<Record<string, HtlcAttemptStatus>> = {
  IN_FLIGHT: 'IN_FLIGHT',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
}

const failureReasons: Readonly<Record<string, PaymentFailureReason>> = {
  FAILURE_REASON_NONE: 'NONE',
  FAILURE_REASON_TIMEOUT: 'TIMEOUT',
  FAILURE_REASON_NO_ROUTE: 'NO_ROUTE',
  FAILURE_REASON_ERROR: 'ERROR',
  FAILURE_REASON_INCORRECT_PAYMENT_DETAILS: 'INCORRECT_PAYMENT_DETAILS',
  FAILURE_REASON_INSUFFICIENT_BALANCE: 'INSUFFICIENT_BALANCE',
  FAILURE_REASON_CANCELED: 'CANCELED',
}

/** lnrpc.PaymentFailureReason (`FAILURE_REASON_NO_ROUTE`) → `NO_ROUTE`; a reason unknown here → `ERROR`. */
export function mapFailureReason(wire: string | undefined): PaymentFailureReason {
  if (wire === undefined || wire === '') return 'NONE'
  return failureReasons[wire] ?? 'ERROR'
}

export function toSendPaymentBody(request: SendPaymentRequest): LndSendPaymentBody {
  const body: LndSendPaymentBody = {
    fee_limit_msat: request.feeLimitMsat.toString(),
    timeout_seconds: request.timeoutSeconds,
    no_inflight_updates: request.finalOnly === true,
  }
  if (request.paymentRequest !== undefined) body.payment_request = request.paymentRequest
  if (request.dest !== undefined) body.dest = bytesField(request.dest)
  if (request.paymentHash !== undefined) body.payment_hash = bytesField(request.paymentHash)
  if (request.amountMsat !== undefined) body.amt_msat = request.amountMsat.toString()
  if (request.destCustomRecords !== undefined)
    body.dest_custom_records = recordsToWire(request.destCustomRecords)
  if (request.finalCltvDelta !== undefined) body.final_cltv_delta = request.finalCltvDelta
  if (request.cltvLimit !== undefined) body.cltv_limit = request.cltvLimit
  if (request.outgoingChanIds !== undefined) body.outgoing_chan_ids = request.outgoingChanIds
  if (request.lastHopPubkey !== undefined) body.last_hop_pubkey = bytesField(request.lastHopPubkey)
  if (request.allowSelfPayment !== undefined) body.allow_self_payment = request.allowSelfPayment
  if (request.amp !== undefined) body.amp = request.amp
  if (request.maxParts !== undefined) body.max_parts = request.maxParts
  if (request.paymentAddr !== undefined) body.payment_addr = bytesField(request.paymentAddr)
  return body
}

/** What `estimateRouteFee` estimates: a payment to a node, or an invoice's (probed). */
export type RouteFeeRequest =
  | { dest: Hex; amountMsat: bigint }
  | { paymentRequest: string; timeoutSeconds?: number }

/**
 * lnd's fee estimate by destination takes whole satoshis: the amount is
 * rounded up, so the estimate is never for less than what will be sent.
 */
export function toRouteFeeBody(request: RouteFeeRequest): LndRouteFeeBody {
  if ('paymentRequest' in request) {
    return request.timeoutSeconds === undefined
      ? { payment_request: request.paymentRequest }
      : { payment_request: request.paymentRequest, timeout: request.timeoutSeconds }
  }
  return {
    dest: bytesField(request.dest),
    amt_sat: ((request.amountMsat + 999n) / 1000n).toString(),
  }
}

/**
 * lnrpc.QueryRoutesRequest (`GET /v1/graph/routes/{pub_key}/{amt}`). The
 * amount goes in `amt_msat` (exact); `amt` (sat) is then 0, as lnd wants one
 * of the two.
 */
export function toQueryRoutesRequest(request: QueryRoutesRequest): Record<string, unknown> {
  const message: Record<string, unknown> = {
    pub_key: request.pubkey.toLowerCase(),
    amt: '0',
    amt_msat: request.amountMsat.toString(),
  }
  if (request.finalCltvDelta !== undefined) message.final_cltv_delta = request.finalCltvDelta
  if (request.feeLimitMsat !== undefined)
    message.fee_limit = { fixed_msat: request.feeLimitMsat.toString() }
  return message
}

/** lnrpc.ListPaymentsRequest (`GET /v1/payments`'s query). */
export function toListPaymentsRequest(request: ListPaymentsRequest): Record<string, unknown> {
  assertObject(request, 'request')
  const message: Record<string, unknown> = {}
  if (request.includeIncomplete !== undefined)
    message.include_incomplete = request.includeIncomplete === true
  if (request.indexOffset !== undefined) {
    assertAmount(request.indexOffset, 'indexOffset')
    message.index_offset = request.indexOffset.toString()
  }
  if (request.maxPayments !== undefined) {
    assertInteger(request.maxPayments, 'maxPayments', { min: 1 })
    message.max_payments = String(request.maxPayments)
  }
  if (request.reversed !== undefined) message.reversed = request.reversed === true
  if (request.createdAfter !== undefined)
    message.creation_date_start = unixSeconds(request.createdAfter, 'createdAfter')
  if (request.createdBefore !== undefined)
    message.creation_date_end = unixSeconds(request.createdBefore, 'createdBefore')
  return message
}

export function mapPayment(wire: LndPayment): Payment {
  return {
    paymentHash: wire.payment_hash.toLowerCase(),
    status: paymentStatuses[wire.status] ?? 'UNKNOWN',
    valueMsat: toBigInt(wire.value_msat),
    feeMsat: toBigInt(wire.fee_msat),
    preimage: nonZeroHex(wire.payment_preimage),
    paymentRequest: wire.payment_request || undefined,
    paymentIndex: toBigInt(wire.payment_index),
    createdAt: nanosToDate(wire.creation_time_ns),
    failureReason: mapFailureReason(wire.failure_reason),
    htlcs: (wire.htlcs ?? []).map(mapHtlcAttempt),
  }
}

export function mapHtlcAttempt(wire: LndHtlcAttempt): HtlcAttempt {
  const code = wire.failure?.code
  return {
    attemptId: toBigInt(wire.attempt_id),
    status: attemptStatuses[wire.status] ?? 'IN_FLIGHT',
    route: mapRoute(wire.route),
    attemptTime: nanosToDate(wire.attempt_time_ns),
    resolveTime: optionalNanosToDate(wire.resolve_time_ns),
    preimage: toOptionalHex(wire.preimage),
    failureCode: code === undefined || code === '' ? undefined : String(code),
  }
}

/** A route; lnd's `null` (an attempt without one) as the empty route. */
export function mapRoute(wire: LndRoute | null): Route {
  return {
    totalTimeLock: toNumber(wire?.total_time_lock),
    totalAmountMsat: toBigInt(wire?.total_amt_msat),
    totalFeesMsat: toBigInt(wire?.total_fees_msat),
    hops: (wire?.hops ?? []).map(mapHop),
  }
}

export function mapHop(wire: LndHop): RouteHop {
  return {
    chanId: String(wire.chan_id),
    pubkey: wire.pub_key,
    amountToForwardMsat: toBigInt(wire.amt_to_forward_msat),
    feeMsat: toBigInt(wire.fee_msat),
    expiry: toNumber(wire.expiry),
    customRecords: recordsFromWire(wire.custom_records),
  }
}

export function mapQueryRoutes(wire: LndQueryRoutesResponse): Route[] {
  return (wire.routes ?? []).map(mapRoute)
}

export interface LndListPaymentsResponse {
  payments: LndPayment[] | null
  first_index_offset: WireInt64
  last_index_offset: WireInt64
}

export function mapPaymentPage(wire: LndListPaymentsResponse): PaymentPage {
  return {
    payments: (wire.payments ?? []).map(mapPayment),
    firstIndexOffset: toBigInt(wire.first_index_offset),
    lastIndexOffset: toBigInt(wire.last_index_offset),
  }
}

export function mapRouteFeeEstimate(wire: LndRouteFeeResponse): RouteFeeEstimate {
  return {
    routingFeeMsat: toBigInt(wire.routing_fee_msat),
    timeLockDelay: toNumber(wire.time_lock_delay),
    failureReason: mapFailureReason(wire.failure_reason),
  }
}

/** lnrpc.ForwardingHistoryRequest (`POST /v1/switch`). */
export function toForwardingHistoryRequest(
  request: ForwardingHistoryRequest,
): Record<string, unknown> {
  assertObject(request, 'request')
  const message: Record<string, unknown> = {}
  if (request.startTime !== undefined)
    message.start_time = unixSeconds(request.startTime, 'startTime')
  if (request.endTime !== undefined) message.end_time = unixSeconds(request.endTime, 'endTime')
  if (request.indexOffset !== undefined) {
    assertInteger(request.indexOffset, 'indexOffset', { min: 0, max: 2 ** 32 - 1 })
    message.index_offset = request.indexOffset
  }
  if (request.maxEvents !== undefined) {
    assertInteger(request.maxEvents, 'maxEvents', { min: 1, max: 50_000 })
    message.num_max_events = request.maxEvents
  }
  return message
}

export interface LndForwardingEvent {
  chan_id_in: WireInt64
  chan_id_out: WireInt64
  amt_in_msat: WireInt64
  amt_out_msat: WireInt64
  fee_msat: WireInt64
  timestamp_ns: WireInt64
}

export function mapForwardingPage(wire: {
  forwarding_events: LndForwardingEvent[] | null
  last_offset_index: number
}): ForwardingPage {
  return {
    events: (wire.forwarding_events ?? []).map(
      (event): ForwardingEvent => ({
        at: nanosToDate(event.timestamp_ns),
        chanIdIn: String(event.chan_id_in),
        chanIdOut: String(event.chan_id_out),
        amountInMsat: toBigInt(event.amt_in_msat),
        amountOutMsat: toBigInt(event.amt_out_msat),
        feeMsat: toBigInt(event.fee_msat),
      }),
    ),
    lastOffsetIndex: toNumber(wire.last_offset_index),
  }
}

/** A `Date` as lnd's unix seconds (a decimal string); anything else is refused. */
function unixSeconds(date: Date, name: string): string {
  if (!(date instanceof Date) || !(date.getTime() >= 0))
    throw new InvalidArgumentError(name, 'a Date from 1970 on', { received: describeValue(date) })
  return String(Math.floor(date.getTime() / 1000))
}

// lnd's RPCs of this domain: each entry is what `Backend.call` (or `stream`) needs.

/** Sends a payment and streams its updates until it succeeds or fails. Never retried by a transport. */
export const sendPayment: StreamRpc<
  SendPaymentRequest,
  Payment,
  | 'INVALID_ARGUMENT'
  | 'INVOICE_INVALID'
  | 'INVOICE_EXPIRED'
  | 'ALREADY_PAID'
  | 'PAYMENT_IN_FLIGHT'
  | 'NO_ROUTE'
  | 'INSUFFICIENT_BALANCE'
> = {
  grpc: 'routerrpc.Router.SendPaymentV2',
  http: 'POST v2/router/send',
  message: (request) => {
    if (request.dest !== undefined) assertPubkey(request.dest, 'dest')
    if (request.paymentHash !== undefined) assertHash(request.paymentHash, 'paymentHash')
    if (request.lastHopPubkey !== undefined) assertPubkey(request.lastHopPubkey, 'lastHopPubkey')
    return toSendPaymentBody(request)
  },
  map: mapPayment,
  isFinal: isFinalPayment,
}

/** The updates of a payment already sent, from its current state. */
export const trackPayment: StreamRpc<Hex, Payment, 'INVALID_ARGUMENT' | 'NOT_FOUND'> = {
  grpc: 'routerrpc.Router.TrackPaymentV2',
  http: 'GET v2/router/track/{payment_hash}',
  message: (paymentHash) => {
    assertHash(paymentHash, 'paymentHash')
    return { payment_hash: bytesField(paymentHash), no_inflight_updates: false }
  },
  map: mapPayment,
  isFinal: isFinalPayment,
}

/** What paying a node or an invoice would cost in fees, probed or from the graph. */
export const estimateRouteFee: UnaryRpc<
  RouteFeeRequest,
  RouteFeeEstimate,
  'INVALID_ARGUMENT' | 'INVOICE_INVALID' | 'NO_ROUTE'
> = {
  grpc: 'routerrpc.Router.EstimateRouteFee',
  http: 'POST v2/router/route/estimatefee',
  message: (request) => {
    if ('dest' in request) assertPubkey(request.dest, 'dest')
    return toRouteFeeBody(request)
  },
  map: mapRouteFeeEstimate,
}

/** Routes to a node for an amount, from the graph. */
export const queryRoutes: UnaryRpc<QueryRoutesRequest, Route[], 'INVALID_ARGUMENT' | 'NO_ROUTE'> = {
  grpc: 'lnrpc.Lightning.QueryRoutes',
  http: 'GET v1/graph/routes/{pub_key}/{amt}',
  message: (request) => {
    assertPubkey(request.pubkey, 'pubkey')
    return toQueryRoutesRequest(request)
  },
  map: mapQueryRoutes,
}

/** One page of the payments this node sent, oldest first. */
export const listPayments: UnaryRpc<ListPaymentsRequest, PaymentPage> = {
  grpc: 'lnrpc.Lightning.ListPayments',
  http: 'GET v1/payments',
  message: toListPaymentsRequest,
  map: mapPaymentPage,
}

/** One page of the HTLCs this node forwarded, oldest first. */
export const forwardingHistory: UnaryRpc<
  ForwardingHistoryRequest,
  ForwardingPage,
  'INVALID_ARGUMENT'
> = {
  grpc: 'lnrpc.Lightning.ForwardingHistory',
  http: 'POST v1/switch',
  message: toForwardingHistoryRequest,
  map: mapForwardingPage,
}
