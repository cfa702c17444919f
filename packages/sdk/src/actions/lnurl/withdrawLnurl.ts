import {
  assertObject,
  InvalidAmountError,
  InvalidArgumentError,
  type Invoice,
  LnurlResponseError,
  LnurlServiceError,
} from '@btcfi/core'
import type { Client } from '../../client/createClient.js'
import { type CreateInvoiceErrorType, createInvoice } from '../invoices/createInvoice.js'
import { type WaitForInvoiceErrorType, waitForInvoice } from '../invoices/waitForInvoice.js'
import {
  callbackUrl,
  expectTag,
  type FetchLnurlErrorType,
  fetchLnurl,
  type LnurlWithdrawRequest,
} from './fetchLnurl.js'
import { getLnurlJson, type LnurlFetchOptions } from './getLnurlJson.js'

export interface WithdrawLnurlParameters extends LnurlFetchOptions {
  /** An LNURL or `lnurlw://` link; or a request `fetchLnurl` read. */
  lnurl: string | LnurlWithdrawRequest
  /** Default the most the service allows. */
  amountMsat?: bigint | undefined
  /** The invoice's memo. Default the service's `defaultDescription`. */
  memo?: string | undefined
  /** How long to wait for the service to pay, ms. Default 60 000. */
  paymentTimeoutMs?: number | undefined
}
export interface WithdrawLnurlReturnType {
  /** The invoice the service paid (SETTLED). */
  invoice: Invoice
  request: LnurlWithdrawRequest
}
export type WithdrawLnurlErrorType =
  | FetchLnurlErrorType
  | CreateInvoiceErrorType
  | WaitForInvoiceErrorType
  | 'INVALID_AMOUNT'
  | 'INVALID_ARGUMENT'

/** BOLT 11 carries up to 639 bytes of description. */
const MAX_MEMO = 639

/**
 * Withdraws from an LNURL-withdraw service (LUD-03): makes an invoice on the
 * node for an amount within the service's range, hands it to the callback
 * with the link's `k1`, and waits until the service has paid it. A service
 * that refuses throws `LNURL_SERVICE_ERROR`; one that accepts but does not
 * pay within `paymentTimeoutMs` throws `TIMEOUT` (the invoice stays open
 * until it expires, and the service may still pay it).
 *
 * @remarks Permission: `invoices:write`, `invoices:read`.
 * @example
 * const { invoice } = await withdrawLnurl(client, { lnurl: 'LNURL1…', amountMsat: 5_000_000n })
 */
export async function withdrawLnurl(
  client: Client,
  parameters: WithdrawLnurlParameters,
): Promise<WithdrawLnurlReturnType> {
  assertObject(parameters, 'parameters')
  const request =
    typeof parameters.lnurl === 'string'
      ? expectTag(await fetchLnurl({ ...parameters, lnurl: parameters.lnurl }), 'withdrawRequest')
      : expectTag(parameters.lnurl, 'withdrawRequest')
  const callback = callbackUrl(request)
  const host = callback.host
  if (request.maxWithdrawableMsat === 0n)
    throw new LnurlServiceError(host, { reason: 'nothing to withdraw' })
  const amountMsat = parameters.amountMsat ?? request.maxWithdrawableMsat
  if (typeof amountMsat !== 'bigint')
    throw new InvalidArgumentError('amountMsat', 'a bigint of msat')
  const min = request.minWithdrawableMsat > 1n ? request.minWithdrawableMsat : 1n
  if (amountMsat < min || amountMsat > request.maxWithdrawableMsat) {
    throw new InvalidAmountError(
      `${request.domain} lets you withdraw ${min} to ${request.maxWithdrawableMsat} msat, not ${amountMsat}.`,
    )
  }
  const memo = (parameters.memo ?? request.defaultDescription).slice(0, MAX_MEMO)
  const invoice = await createInvoice(client, { amountMsat, memo, expirySeconds: 600 })
  callback.searchParams.set('k1', request.k1)
  callback.searchParams.set('pr', invoice.paymentRequest)
  const { body } = await getLnurlJson(callback, 4_096, parameters)
  if (body.status !== 'OK')
    throw new LnurlResponseError(host, 'fields', 'an answer without status OK')
  const paid = await waitForInvoice(client, {
    paymentHash: invoice.paymentHash,
    states: ['SETTLED'],
    timeoutMs: parameters.paymentTimeoutMs ?? 60_000,
    ...(parameters.signal ? { signal: parameters.signal } : {}),
  })
  return { invoice: paid, request }
}
