import {
  type AddedInvoice,
  type AddHoldInvoiceRequest,
  type AddInvoiceRequest,
  assertHash,
  type Hex,
  type HtlcState,
  type Invoice,
  type InvoiceHtlc,
  type InvoicePage,
  type InvoiceState,
  isFinalInvoice,
  type ListInvoicesRequest,
  ProtocolError,
  type StreamRpc,
  type SubscribeInvoicesRequest,
  type UnaryRpc,
} from '@btcfi/core'
import {
  bytesField,
  endless,
  noReply,
  optionalSecondsToDate,
  recordsFromWire,
  secondsToDate,
  toBigInt,
  toHex,
  toNumber,
  toOptionalHex,
  type WireBytes,
  type WireInt64,
  type WireRecords,
} from './wire.js'

/** lnrpc.Invoice as lnd's REST proxy sends it. */
export interface LndInvoice {
  memo: string
  r_preimage: WireBytes | null
  r_hash: WireBytes
  value: WireInt64
  value_msat: WireInt64
  creation_date: WireInt64
  settle_date: WireInt64
  payment_request: string
  description_hash: WireBytes | null
  expiry: WireInt64
  cltv_expiry: WireInt64
  private: boolean
  add_index: WireInt64
  settle_index: WireInt64
  amt_paid_sat: WireInt64
  amt_paid_msat: WireInt64
  state: string
  htlcs: LndInvoiceHtlc[]
  is_keysend: boolean
  payment_addr: WireBytes
  is_amp: boolean
}

/** lnrpc.InvoiceHTLC. */
export interface LndInvoiceHtlc {
  chan_id: WireInt64
  htlc_index: WireInt64
  amt_msat: WireInt64
  accept_height: number
  accept_time: WireInt64
  resolve_time: WireInt64
  expiry_height: number
  state: string
  custom_records: WireRecords
}

/** `POST /v1/invoices` reply (lnrpc.AddInvoiceResponse). */
export interface LndAddInvoiceResponse {
  r_hash: WireBytes
  payment_request: string
  add_index: WireInt64
  payment_addr: WireBytes
}

/** `POST /v2/invoices/hodl` reply (invoicesrpc.AddHoldInvoiceResp): no hash, the caller chose it. */
export interface LndAddHoldInvoiceResponse {
  payment_request: string
  add_index: WireInt64
  payment_addr: WireBytes
}

/** `GET /v1/invoices` reply (lnrpc.ListInvoiceResponse). */
export interface LndListInvoiceResponse {
  invoices: LndInvoice[]
  last_index_offset: WireInt64
  first_index_offset: WireInt64
}

/** Body of `POST /v1/invoices` (lnrpc.Invoice, input fields). */
export interface LndAddInvoiceBody {
  value_msat: WireInt64
  memo?: string
  description_hash?: WireBytes
  r_preimage?: WireBytes
  expiry?: WireInt64
  cltv_expiry?: WireInt64
  private?: boolean
  is_amp?: boolean
}

/** Body of `POST /v2/invoices/hodl` (invoicesrpc.AddHoldInvoiceRequest). */
export interface LndAddHoldInvoiceBody {
  hash: WireBytes
  value_msat: WireInt64
  memo?: string
  description_hash?: WireBytes
  expiry?: WireInt64
  cltv_expiry?: WireInt64
  private?: boolean
}

const invoiceStates: Readonly<Record<string, InvoiceState>> = {
  OPEN: 'OPEN',
  ACCEPTED: 'ACCEPTED',
  SETTLED: 'SETTLED',
  CANCELED: 'CANCELED',
}

const htlcStates: Readonly<Record<string, HtlcState>> = {
  ACCEPTED: 'ACCEPTED',
  SETTLED: 'SETTLED',
  CANCELED: 'CANCELED',
}

function invoiceState(wire: string): InvoiceState {
  const state = invoiceStates[wire]
  if (!state) throw new ProtocolError(`lnd sent an unknown invoice state: ${String(wire)}`)
  return state
}

function htlcState(wire: string): HtlcState {
  const state = htlcStates[wire]
  if (!state) throw new ProtocolError(`lnd sent an unknown invoice HTLC state: ${String(wire)}`)
  return state
}

export function toAddInvoiceBody(request: AddInvoiceRequest): LndAddInvoiceBody {
  const body: LndAddInvoiceBody = { value_msat: request.valueMsat.toString() }
  if (request.memo !== undefined) body.memo = request.memo
  if (request.descriptionHash !== undefined)
    body.description_hash = bytesField(request.descriptionHash)
  if (request.preimage !== undefined) body.r_preimage = bytesField(request.preimage)
  if (request.expirySeconds !== undefined) body.expiry = String(request.expirySeconds)
  if (request.cltvExpiry !== undefined) body.cltv_expiry = String(request.cltvExpiry)
  if (request.isPrivate !== undefined) body.private = request.isPrivate
  if (request.isAmp !== undefined) body.is_amp = request.isAmp
  return body
}

export function toAddHoldInvoiceBody(request: AddHoldInvoiceRequest): LndAddHoldInvoiceBody {
  const body: LndAddHoldInvoiceBody = {
    hash: bytesField(request.paymentHash),
    value_msat: request.valueMsat.toString(),
  }
  if (request.memo !== undefined) body.memo = request.memo
  if (request.descriptionHash !== undefined)
    body.description_hash = bytesField(request.descriptionHash)
  if (request.expirySeconds !== undefined) body.expiry = String(request.expirySeconds)
  if (request.cltvExpiry !== undefined) body.cltv_expiry = String(request.cltvExpiry)
  if (request.isPrivate !== undefined) body.private = request.isPrivate
  return body
}

/** Body of `POST /v2/invoices/settle` (invoicesrpc.SettleInvoiceMsg). */
export function toSettleInvoiceBody(preimage: Hex): { preimage: WireBytes } {
  return { preimage: bytesField(preimage) }
}

/** Body of `POST /v2/invoices/cancel` (invoicesrpc.CancelInvoiceMsg). */
export function toCancelInvoiceBody(paymentHash: Hex): { payment_hash: WireBytes } {
  return { payment_hash: bytesField(paymentHash) }
}

/** lnrpc.ListInvoiceRequest (`GET /v1/invoices`'s query). */
export function toListInvoicesRequest(request: ListInvoicesRequest): Record<string, unknown> {
  const message: Record<string, unknown> = {}
  if (request.pendingOnly !== undefined) message.pending_only = request.pendingOnly
  if (request.indexOffset !== undefined) message.index_offset = request.indexOffset.toString()
  if (request.maxInvoices !== undefined) message.num_max_invoices = String(request.maxInvoices)
  if (request.reversed !== undefined) message.reversed = request.reversed
  return message
}

/** lnrpc.InvoiceSubscription (`GET /v1/invoices/subscribe`'s query). */
export function toSubscribeInvoicesRequest(
  request: SubscribeInvoicesRequest,
): Record<string, unknown> {
  const message: Record<string, unknown> = {}
  if (request.addIndex !== undefined) message.add_index = request.addIndex.toString()
  if (request.settleIndex !== undefined) message.settle_index = request.settleIndex.toString()
  return message
}

export function mapAddedInvoice(wire: LndAddInvoiceResponse): AddedInvoice {
  return {
    paymentHash: toHex(wire.r_hash),
    paymentRequest: wire.payment_request,
    paymentAddr: toHex(wire.payment_addr),
    addIndex: toBigInt(wire.add_index),
  }
}

export function mapAddedHoldInvoice(
  wire: LndAddHoldInvoiceResponse,
  paymentHash: Hex,
): AddedInvoice {
  return {
    paymentHash: paymentHash.toLowerCase(),
    paymentRequest: wire.payment_request,
    paymentAddr: toHex(wire.payment_addr),
    addIndex: toBigInt(wire.add_index),
  }
}

export function mapInvoice(wire: LndInvoice): Invoice {
  return {
    paymentHash: toHex(wire.r_hash),
    paymentRequest: wire.payment_request,
    memo: wire.memo,
    valueMsat: toBigInt(wire.value_msat),
    amountPaidMsat: toBigInt(wire.amt_paid_msat),
    state: invoiceState(wire.state),
    preimage: toOptionalHex(wire.r_preimage),
    descriptionHash: toOptionalHex(wire.description_hash),
    paymentAddr: toHex(wire.payment_addr),
    createdAt: secondsToDate(wire.creation_date),
    settledAt: optionalSecondsToDate(wire.settle_date),
    expirySeconds: toNumber(wire.expiry),
    cltvExpiry: toNumber(wire.cltv_expiry),
    isPrivate: wire.private,
    isKeysend: wire.is_keysend,
    isAmp: wire.is_amp,
    addIndex: toBigInt(wire.add_index),
    settleIndex: toBigInt(wire.settle_index),
    htlcs: (wire.htlcs ?? []).map(mapInvoiceHtlc),
  }
}

export function mapInvoiceHtlc(wire: LndInvoiceHtlc): InvoiceHtlc {
  return {
    chanId: String(wire.chan_id),
    htlcIndex: toBigInt(wire.htlc_index),
    amountMsat: toBigInt(wire.amt_msat),
    acceptHeight: toNumber(wire.accept_height),
    acceptTime: secondsToDate(wire.accept_time),
    resolveTime: optionalSecondsToDate(wire.resolve_time),
    expiryHeight: toNumber(wire.expiry_height),
    state: htlcState(wire.state),
    customRecords: recordsFromWire(wire.custom_records),
  }
}

export function mapInvoicePage(wire: LndListInvoiceResponse): InvoicePage {
  return {
    invoices: (wire.invoices ?? []).map(mapInvoice),
    firstIndexOffset: toBigInt(wire.first_index_offset),
    lastIndexOffset: toBigInt(wire.last_index_offset),
  }
}

// lnd's RPCs of this domain: each entry is what `Backend.call` (or `stream`) needs.

/** Adds an invoice; the node keeps its preimage. */
export const addInvoice: UnaryRpc<
  AddInvoiceRequest,
  AddedInvoice,
  'INVALID_ARGUMENT' | 'ALREADY_EXISTS'
> = {
  grpc: 'lnrpc.Lightning.AddInvoice',
  http: 'POST v1/invoices',
  message: toAddInvoiceBody,
  map: mapAddedInvoice,
}

/** One invoice by its payment hash. */
export const lookupInvoice: UnaryRpc<Hex, Invoice, 'INVALID_ARGUMENT' | 'NOT_FOUND'> = {
  grpc: 'lnrpc.Lightning.LookupInvoice',
  http: 'GET v1/invoice/{r_hash_str}',
  message: (paymentHash) => {
    assertHash(paymentHash, 'paymentHash')
    return { r_hash_str: paymentHash.toLowerCase() }
  },
  map: mapInvoice,
}

/** One page of invoices. */
export const listInvoices: UnaryRpc<ListInvoicesRequest, InvoicePage> = {
  grpc: 'lnrpc.Lightning.ListInvoices',
  http: 'GET v1/invoices',
  message: toListInvoicesRequest,
  map: mapInvoicePage,
}

/** One invoice: its current state first, then each change; ends after SETTLED or CANCELED. */
export const subscribeSingleInvoice: StreamRpc<Hex, Invoice, 'INVALID_ARGUMENT' | 'NOT_FOUND'> = {
  grpc: 'invoicesrpc.Invoices.SubscribeSingleInvoice',
  http: 'GET v2/invoices/subscribe/{r_hash}',
  message: (paymentHash) => {
    assertHash(paymentHash, 'paymentHash')
    return { r_hash: bytesField(paymentHash) }
  },
  map: mapInvoice,
  isFinal: isFinalInvoice,
}

/** Adds and settlements of all invoices (lnd reports neither ACCEPTED nor CANCELED here). Endless. */
export const subscribeInvoices: StreamRpc<SubscribeInvoicesRequest, Invoice> = {
  grpc: 'lnrpc.Lightning.SubscribeInvoices',
  http: 'GET v1/invoices/subscribe',
  message: toSubscribeInvoicesRequest,
  map: mapInvoice,
  isFinal: endless,
}

/** Adds a hold invoice on a hash the caller chose: the node holds a payment until it is settled or canceled. */
export const addHoldInvoice: UnaryRpc<
  AddHoldInvoiceRequest,
  AddedInvoice,
  'INVALID_ARGUMENT' | 'ALREADY_EXISTS'
> = {
  grpc: 'invoicesrpc.Invoices.AddHoldInvoice',
  http: 'POST v2/invoices/hodl',
  message: (request) => {
    assertHash(request.paymentHash, 'paymentHash')
    return toAddHoldInvoiceBody(request)
  },
  map: (wire: LndAddHoldInvoiceResponse, request) => mapAddedHoldInvoice(wire, request.paymentHash),
}

/** Settles a held invoice with its preimage. */
export const settleInvoice: UnaryRpc<
  Hex,
  void,
  'INVALID_ARGUMENT' | 'NOT_FOUND' | 'INVOICE_STATE'
> = {
  grpc: 'invoicesrpc.Invoices.SettleInvoice',
  http: 'POST v2/invoices/settle',
  message: (preimage) => {
    assertHash(preimage, 'preimage')
    return toSettleInvoiceBody(preimage)
  },
  map: noReply,
}

/** Cancels an invoice, failing a held HTLC back. */
export const cancelInvoice: UnaryRpc<
  Hex,
  void,
  'INVALID_ARGUMENT' | 'NOT_FOUND' | 'INVOICE_STATE'
> = {
  grpc: 'invoicesrpc.Invoices.CancelInvoice',
  http: 'POST v2/invoices/cancel',
  message: (paymentHash) => {
    assertHash(paymentHash, 'paymentHash')
    return toCancelInvoiceBody(paymentHash)
  },
  map: noReply,
}
