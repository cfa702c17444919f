import {
  assertLnurlUrl,
  assertObject,
  InvalidArgumentError,
  LnurlInsecureError,
  type LnurlMetadata,
  LnurlResponseError,
  type LnurlTarget,
  type ReadLnurlErrorType,
  readLnurl,
  readLnurlMetadata,
} from '@btcfi/core'
import { getLnurlJson, type LnurlFetchOptions } from './getLnurlJson.js'

/** An LNURL-pay service, read and checked (LUD-06, LUD-12, LUD-16, LUD-20): what to show before paying. */
export interface LnurlPayRequest extends LnurlMetadata {
  tag: 'payRequest'
  /** Where the request was read from (after redirects). */
  url: string
  /** The host the LNURL or address named: the one to show the payer (LUD-06). */
  domain: string
  /** The Lightning Address, when it was one. */
  address: string | undefined
  /** Where the invoice is asked for. */
  callback: string
  minSendableMsat: bigint
  maxSendableMsat: bigint
  /** The metadata string exactly as sent: the invoice's description hash is its SHA-256. */
  metadata: string
  /** The longest comment the service takes (LUD-12); 0 for none. */
  commentAllowed: number
}

/** An LNURL-withdraw service, read and checked (LUD-03). */
export interface LnurlWithdrawRequest {
  tag: 'withdrawRequest'
  url: string
  domain: string
  callback: string
  /** The one-time secret the service gave this link. */
  k1: string
  defaultDescription: string
  /** 0 when the service sets no minimum. */
  minWithdrawableMsat: bigint
  /** 0 when there is nothing to withdraw (LUD-03). */
  maxWithdrawableMsat: bigint
}

export type LnurlRequest = LnurlPayRequest | LnurlWithdrawRequest

export interface FetchLnurlParameters extends LnurlFetchOptions {
  /** An LNURL, a LUD-17 link or a Lightning Address, as `readLnurl` takes it. */
  lnurl: string
  /** Refuse a callback or a redirect to another host than the LNURL's. Default false: LUDs allow it. */
  requireSameHost?: boolean | undefined
}
export type FetchLnurlReturnType = LnurlRequest
export type FetchLnurlErrorType =
  | ReadLnurlErrorType
  | 'LNURL_SERVICE_ERROR'
  | 'LNURL_BAD_RESPONSE'
  | 'TIMEOUT'
  | 'ABORTED'

/** The first answer can carry an image of up to 100 KB in base64 (LUD-06). */
export const MAX_LNURL_REQUEST_BYTES = 262_144

/**
 * Reads an LNURL, a LUD-17 link or a Lightning Address and asks its service
 * what it offers: a pay request (what to show, the amounts, the comment
 * allowed) or a withdraw request. Every field is checked; a tag the SDK
 * does not handle (`login`, `channelRequest`) is `LNURL_BAD_RESPONSE`
 * (`wrong-tag`). Nothing is paid: pass the result to `payLnurl` or
 * `withdrawLnurl`.
 *
 * @example
 * const request = await fetchLnurl({ lnurl: 'carol@shop.example' })
 * if (request.tag === 'payRequest') console.log(request.description, request.minSendableMsat)
 */
export async function fetchLnurl(parameters: FetchLnurlParameters): Promise<FetchLnurlReturnType> {
  assertObject(parameters, 'parameters')
  const target = readLnurl(parameters.lnurl)
  const sameHost = parameters.requireSameHost === true
  const { url, body } = await getLnurlJson(
    target.url,
    MAX_LNURL_REQUEST_BYTES,
    parameters,
    sameHost ? target.url.host : undefined,
  )
  const host = url.host
  const bad = (reason: string) => new LnurlResponseError(host, 'fields', reason)
  if (body.tag === 'payRequest') {
    const callback = callbackOf(body.callback, target, sameHost, host)
    if (typeof body.metadata !== 'string') throw bad('no metadata string')
    const metadata = readLnurlMetadata(body.metadata)
    if (metadata === undefined) throw bad('metadata that is not a list of entries with text/plain')
    const minSendableMsat = msatOf(body.minSendable, 'minSendable', host)
    const maxSendableMsat = msatOf(body.maxSendable, 'maxSendable', host)
    if (minSendableMsat < 1n || minSendableMsat > maxSendableMsat)
      throw bad('minSendable must be at least 1 and at most maxSendable')
    const commentAllowed = body.commentAllowed ?? 0
    if (!Number.isSafeInteger(commentAllowed) || (commentAllowed as number) < 0)
      throw bad('commentAllowed is not a whole number')
    return {
      tag: 'payRequest',
      url: url.href,
      domain: target.url.host,
      address: target.address,
      callback,
      minSendableMsat,
      maxSendableMsat,
      metadata: body.metadata,
      commentAllowed: commentAllowed as number,
      ...metadata,
    }
  }
  if (body.tag === 'withdrawRequest') {
    const callback = callbackOf(body.callback, target, sameHost, host)
    if (typeof body.k1 !== 'string' || body.k1 === '') throw bad('no k1')
    const minWithdrawableMsat = msatOf(body.minWithdrawable ?? 0, 'minWithdrawable', host)
    const maxWithdrawableMsat = msatOf(body.maxWithdrawable, 'maxWithdrawable', host)
    if (minWithdrawableMsat > maxWithdrawableMsat && maxWithdrawableMsat !== 0n)
      throw bad('minWithdrawable is above maxWithdrawable')
    return {
      tag: 'withdrawRequest',
      url: url.href,
      domain: target.url.host,
      callback,
      k1: body.k1,
      defaultDescription:
        typeof body.defaultDescription === 'string' ? body.defaultDescription : '',
      minWithdrawableMsat,
      maxWithdrawableMsat,
    }
  }
  throw new LnurlResponseError(
    host,
    'wrong-tag',
    typeof body.tag === 'string'
      ? `a ${body.tag.slice(0, 40)} service, which the SDK does not handle`
      : 'no tag',
  )
}

function callbackOf(value: unknown, target: LnurlTarget, sameHost: boolean, host: string): string {
  if (typeof value !== 'string') throw new LnurlResponseError(host, 'fields', 'no callback URL')
  let callback: URL
  try {
    callback = new URL(value)
  } catch (cause) {
    throw new LnurlResponseError(host, 'fields', 'a callback that is not a URL', { cause })
  }
  assertLnurlUrl(callback)
  if (sameHost && callback.host !== target.url.host) {
    throw new LnurlResponseError(
      host,
      'callback-host',
      `a callback on ${callback.host}, not on ${target.url.host}`,
    )
  }
  return callback.href
}

/** A JSON msat amount: a whole, non-negative, safe number. */
export function msatOf(value: unknown, field: string, host: string): bigint {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new LnurlResponseError(host, 'fields', `${field} is not a whole number of msat`)
  return BigInt(value)
}

/** Checks that a fetched request is of the kind an action needs. */
export function expectTag<Tag extends LnurlRequest['tag']>(
  request: LnurlRequest,
  tag: Tag,
): Extract<LnurlRequest, { tag: Tag }> {
  if (typeof request !== 'object' || request === null || typeof request.url !== 'string')
    throw new InvalidArgumentError('lnurl', 'an LNURL or a request fetchLnurl returned')
  if (request.tag !== tag) {
    throw new LnurlResponseError(
      request.domain,
      'wrong-tag',
      `a ${request.tag} where a ${tag} was expected`,
    )
  }
  return request as Extract<LnurlRequest, { tag: Tag }>
}

/** A request's callback as a URL to add parameters to; a request not from `fetchLnurl` may hold anything. */
export function callbackUrl(request: LnurlRequest): URL {
  try {
    const url = new URL(request.callback)
    assertLnurlUrl(url)
    return url
  } catch (cause) {
    if (cause instanceof LnurlInsecureError) throw cause
    throw new InvalidArgumentError('lnurl', 'a request fetchLnurl returned', { cause })
  }
}
