import type {
  CloseChannelRequest,
  ListInvoicesRequest,
  QueryRoutesRequest,
  SubscribeInvoicesRequest,
} from '@btcfi/core'

// The gRPC requests whose REST form lives in a URL (path and query) rather
// than a body. Over LNC they are JSON messages with lnd's proto field names.

/** lnrpc.ListInvoiceRequest */
export function toListInvoicesRequest(request: ListInvoicesRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (request.pendingOnly !== undefined) body.pending_only = request.pendingOnly
  if (request.indexOffset !== undefined) body.index_offset = request.indexOffset.toString()
  if (request.maxInvoices !== undefined) body.num_max_invoices = String(request.maxInvoices)
  if (request.reversed !== undefined) body.reversed = request.reversed
  return body
}

/** lnrpc.InvoiceSubscription */
export function toSubscribeInvoicesRequest(
  request: SubscribeInvoicesRequest,
): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (request.addIndex !== undefined) body.add_index = request.addIndex.toString()
  if (request.settleIndex !== undefined) body.settle_index = request.settleIndex.toString()
  return body
}

/** lnrpc.QueryRoutesRequest */
export function toQueryRoutesRequest(request: QueryRoutesRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    pub_key: request.pubkey.toLowerCase(),
    amt_msat: request.amountMsat.toString(),
  }
  if (request.finalCltvDelta !== undefined) body.final_cltv_delta = request.finalCltvDelta
  if (request.feeLimitMsat !== undefined)
    body.fee_limit = { fixed_msat: request.feeLimitMsat.toString() }
  return body
}

/** lnrpc.CloseChannelRequest */
export function toCloseChannelRequest(request: CloseChannelRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    channel_point: {
      funding_txid_str: request.channelPoint.txid,
      output_index: request.channelPoint.outputIndex,
    },
  }
  if (request.force !== undefined) body.force = request.force
  if (request.satPerVbyte !== undefined) body.sat_per_vbyte = request.satPerVbyte.toString()
  return body
}
