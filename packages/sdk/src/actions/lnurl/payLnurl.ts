import {
  assertObject,
  decryptSuccessAction,
  InvalidAmountError,
  InvalidArgumentError,
  LnurlResponseError,
  type LnurlSuccessAction,
  lnurlDescriptionHash,
  type Payment,
  readSuccessAction,
} from '@btcfi/core'
import type { Client } from '../../client/createClient.js'
import { type InspectInvoiceErrorType, inspectInvoice } from '../invoices/inspectInvoice.js'
import type { PaymentProgress } from '../payments/followPayment.js'
import { type PayInvoiceErrorType, payInvoice } from '../payments/payInvoice.js'
import {
  callbackUrl,
  expectTag,
  type FetchLnurlErrorType,
  fetchLnurl,
  type LnurlPayRequest,
} from './fetchLnurl.js'
import { getLnurlJson, type LnurlFetchOptions } from './getLnurlJson.js'

export interface PayLnurlParameters extends LnurlFetchOptions, PaymentProgress {
  /** An LNURL, a LUD-17 link or a Lightning Address; or a request `fetchLnurl` read. */
  lnurl: string | LnurlPayRequest
  /** Within the request's `minSendableMsat` and `maxSendableMsat`. */
  amountMsat: bigint
  /** A note for the payee (LUD-12), if the service takes one that long. */
  comment?: string | undefined
  /** Most routing fee to pay (see payInvoice). */
  feeLimitMsat?: bigint | undefined
  /** Refuse a callback on another host than the LNURL's. Default false. */
  requireSameHost?: boolean | undefined
}

/** A success action once paid: an `aes` one decrypted with the preimage (undefined text when it does not decrypt). */
export type LnurlPaidAction =
  | Exclude<LnurlSuccessAction, { tag: 'aes' }>
  | { tag: 'aes'; description: string; text: string | undefined }

export interface PayLnurlReturnType {
  payment: Payment
  /** What the service asked to show once paid (LUD-09, LUD-10). */
  successAction: LnurlPaidAction | undefined
  /** Whether the LNURL may be used once only (LUD-11: true unless the service says false). */
  disposable: boolean
  /** The pay request it paid. */
  request: LnurlPayRequest
}
export type PayLnurlErrorType =
  | FetchLnurlErrorType
  | InspectInvoiceErrorType
  | PayInvoiceErrorType
  | 'INVALID_AMOUNT'
  | 'INVALID_ARGUMENT'

/** The callback's answer: an invoice and, at most, a success action. */
const MAX_CALLBACK_BYTES = 65_536

/**
 * Pays an LNURL-pay service or a Lightning Address (LUD-06, LUD-16). Before
 * anything is paid: the amount is held to the service's range, the comment to
 * its `commentAllowed` (LUD-12), and the invoice the callback returns must be
 * for this chain, unexpired, for exactly `amountMsat`, with the SHA-256 of the
 * metadata as its description hash; its success action must be one the SDK
 * knows (LUD-09). Any failure there throws and pays nothing. Then it pays
 * the invoice once (payInvoice: idempotent on the hash, never retried) and
 * decrypts an `aes` success action with the preimage (LUD-10).
 *
 * @remarks Permission: `offchain:write`, `offchain:read`, `info:read`.
 * @example
 * const { payment, successAction } = await payLnurl(client, {
 *   lnurl: 'carol@shop.example',
 *   amountMsat: 21_000_000n,
 *   comment: 'for the beans',
 * })
 */
export async function payLnurl(
  client: Client,
  parameters: PayLnurlParameters,
): Promise<PayLnurlReturnType> {
  assertObject(parameters, 'parameters')
  const request =
    typeof parameters.lnurl === 'string'
      ? expectTag(await fetchLnurl({ ...parameters, lnurl: parameters.lnurl }), 'payRequest')
      : expectTag(parameters.lnurl, 'payRequest')
  const { amountMsat, comment } = parameters
  if (typeof amountMsat !== 'bigint')
    throw new InvalidArgumentError('amountMsat', 'a bigint of msat')
  if (amountMsat < request.minSendableMsat || amountMsat > request.maxSendableMsat) {
    throw new InvalidAmountError(
      `${request.domain} takes ${request.minSendableMsat} to ${request.maxSendableMsat} msat, not ${amountMsat}.`,
    )
  }
  const callback = callbackUrl(request)
  callback.searchParams.set('amount', amountMsat.toString())
  if (comment !== undefined && comment !== '') {
    if (typeof comment !== 'string') throw new InvalidArgumentError('comment', 'a string')
    if (comment.length > request.commentAllowed) {
      throw new InvalidArgumentError(
        'comment',
        request.commentAllowed === 0
          ? `none: ${request.domain} takes no comment`
          : `at most ${request.commentAllowed} characters`,
        { received: `${comment.length}` },
      )
    }
    callback.searchParams.set('comment', comment)
  }
  const { url, body } = await getLnurlJson(
    callback,
    MAX_CALLBACK_BYTES,
    parameters,
    parameters.requireSameHost === true ? request.domain : undefined,
  )
  const host = url.host
  if (typeof body.pr !== 'string')
    throw new LnurlResponseError(host, 'fields', 'no invoice (pr) in the answer')
  const invoice = await inspectInvoice(client, { paymentRequest: body.pr })
  if (invoice.amountMsat !== amountMsat) {
    throw new LnurlResponseError(
      host,
      'invoice-amount',
      `an invoice for ${invoice.amountMsat ?? 'any amount of'} msat, not ${amountMsat}`,
    )
  }
  if (invoice.descriptionHash !== lnurlDescriptionHash(request.metadata)) {
    throw new LnurlResponseError(
      host,
      'description-hash',
      'an invoice whose description hash is not the hash of the metadata',
    )
  }
  const action =
    body.successAction === undefined || body.successAction === null
      ? undefined
      : readSuccessAction(body.successAction, url)
  if (action === undefined && body.successAction != null) {
    throw new LnurlResponseError(host, 'success-action', 'a success action the SDK does not know')
  }
  const payment = await payInvoice(client, {
    paymentRequest: invoice.paymentRequest,
    ...(parameters.feeLimitMsat === undefined ? {} : { feeLimitMsat: parameters.feeLimitMsat }),
    ...(parameters.onUpdate ? { onUpdate: parameters.onUpdate } : {}),
    ...(parameters.signal ? { signal: parameters.signal } : {}),
  })
  return {
    payment,
    successAction: paidAction(action, payment),
    disposable: body.disposable !== false,
    request,
  }
}

function paidAction(
  action: LnurlSuccessAction | undefined,
  payment: Payment,
): LnurlPaidAction | undefined {
  if (action?.tag !== 'aes') return action
  return {
    tag: 'aes',
    description: action.description,
    text:
      payment.preimage === undefined ? undefined : decryptSuccessAction(action, payment.preimage),
  }
}
