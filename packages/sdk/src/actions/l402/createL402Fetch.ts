import {
  AbortedError,
  allowsPlainHttp,
  assertAmount,
  assertObject,
  type Hex,
  InvalidArgumentError,
  type InvoiceFields,
  isBaseError,
  L402Error,
  type Payment,
  ProtocolError,
  readInvoice,
  TimeoutError,
} from '@btcfi/core'
import type { Client } from '../../client/createClient.js'
import { type PayInvoiceErrorType, payInvoice } from '../payments/payInvoice.js'
import {
  type L402Token,
  type L402TokenStore,
  memoryL402TokenStore,
} from './memoryL402TokenStore.js'
import { type L402Challenge, parseL402Challenge } from './parseL402Challenge.js'

/** A payment made for a token, as `onPayment` reports it (no secret in it). */
export interface L402PaymentEvent {
  /** The origin the token is for, `https://api.example`. */
  origin: string
  /** The request that met the challenge. */
  url: string
  paymentHash: Hex
  /** The invoice's amount. */
  priceMsat: bigint
  /** The routing fee paid on top. */
  feeMsat: bigint
}

export interface CreateL402FetchParameters {
  /**
   * The most one token may cost, msat (the invoice's amount; the routing fee
   * is on top, bounded by `feeLimitMsat`). A dearer challenge is not paid:
   * `L402_CHALLENGE` (`price`). Required.
   */
  maxPriceMsat: bigint
  /** Where tokens are kept, one per origin. Default a new `memoryL402TokenStore()`. */
  tokenStore?: L402TokenStore | undefined
  /** The fetch that reaches services (a proxy, Tor, a timeout). Default the global one. */
  fetch?: typeof globalThis.fetch | undefined
  /** Most routing fee per payment (see payInvoice). Default payInvoice's. */
  feeLimitMsat?: bigint | undefined
  /** Called once per payment, when it has succeeded; what it throws is ignored. */
  onPayment?: ((event: L402PaymentEvent) => void) | undefined
}

/** A `fetch` that pays L402 challenges: same arguments, same `Response`. */
export type L402Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

export type CreateL402FetchReturnType = L402Fetch
/** What `createL402Fetch` itself throws (bad parameters). */
export type CreateL402FetchErrorType = 'INVALID_ARGUMENT' | 'INVALID_AMOUNT'
/** What a call of the returned fetch rejects with. */
export type L402FetchErrorType =
  | PayInvoiceErrorType
  | 'L402_CHALLENGE'
  | 'INVALID_ARGUMENT'
  | 'ABORTED'
  | 'TIMEOUT'

/**
 * The most requests one call sends: with a stored token, with a token
 * another call just bought, with the one this call bought, and one spare
 * for a token bought elsewhere meanwhile.
 */
const MAX_SENDS = 4

/** How many refused tokens' payment hashes a fetch remembers. */
const MAX_REFUSED = 1_024

/**
 * Returns a `fetch` for services behind L402 (HTTP 402 Payment Required with
 * a Lightning invoice, as aperture serves them). A request goes out with the
 * origin's token, when there is one (`Authorization: L402
 * <macaroon>:<preimage>`). On a 402 it reads the challenge, refuses it unless
 * its invoice has an amount of at most `maxPriceMsat`, pays it once with
 * `payInvoice` (idempotent on the payment hash, never retried), keeps the
 * token for the origin and sends the request again. Anything but a 402 is
 * returned as it came.
 *
 * What it guarantees:
 * - one payment for one challenge, and one for many at once: calls to an
 *   origin that meet a 402 while one of them pays wait for that payment and
 *   use its token (payments are keyed by origin and by payment hash);
 * - at most one payment per call: a service that answers 402 to the token
 *   it just sold gets `L402_CHALLENGE` (`refused`), not a second payment;
 * - a refused token is dropped; its own invoice is never paid again;
 * - nothing is paid for a malformed or oversized challenge, an any-amount
 *   invoice or a price above `maxPriceMsat`: `L402_CHALLENGE` says which;
 * - the macaroon and the preimage appear in no error.
 *
 * Keep one function per wallet (or share its `tokenStore`): calls of two
 * functions do not wait for each other's payments. The request's body is
 * buffered to be sent again. Size limits and time limits of the answer
 * belong to the `fetch` you give, or to the request's `signal`.
 *
 * @remarks Permission: `offchain:write`, `offchain:read`, `info:read`.
 * @example
 * const fetchPaid = createL402Fetch(client, { maxPriceMsat: 10_000n })
 * const answer = await fetchPaid('https://api.example/v1/quote')
 * console.log(await answer.json())
 */
export function createL402Fetch(
  client: Client,
  parameters: CreateL402FetchParameters,
): CreateL402FetchReturnType {
  assertObject(parameters, 'parameters')
  const { maxPriceMsat, feeLimitMsat, onPayment } = parameters
  assertAmount(maxPriceMsat, 'maxPriceMsat')
  if (feeLimitMsat !== undefined) assertAmount(feeLimitMsat, 'feeLimitMsat')
  const store = parameters.tokenStore ?? memoryL402TokenStore()
  for (const method of ['get', 'set', 'delete'] as const) {
    if (typeof store[method] !== 'function')
      throw new InvalidArgumentError('tokenStore', 'an object with get, set and delete')
  }
  const fetch = parameters.fetch ?? globalThis.fetch
  if (typeof fetch !== 'function') throw new InvalidArgumentError('fetch', 'a fetch function')
  if (onPayment !== undefined && typeof onPayment !== 'function')
    throw new InvalidArgumentError('onPayment', 'a function')

  /** Payments under way, by origin and by payment hash. */
  const payingOrigin = new Map<string, Promise<L402Token>>()
  const payingHash = new Map<string, Promise<Payment>>()
  /** The last token bought per origin, and when (a count of the payments made). */
  const bought = new Map<string, { at: number; token: L402Token }>()
  let payments = 0
  /** Payment hashes of tokens a service refused, the latest ones: never paid again. */
  const refusedHashes = new Set<string>()
  const refuse = (paymentHash: string) => {
    refusedHashes.delete(paymentHash)
    refusedHashes.add(paymentHash)
    if (refusedHashes.size > MAX_REFUSED) {
      for (const oldest of refusedHashes) {
        refusedHashes.delete(oldest)
        break
      }
    }
  }

  /**
   * Pays a challenge's invoice (or joins the payment of its hash under way)
   * and keeps the token for the origin. Registered before its first await.
   */
  function pay(origin: string, url: string, challenge: L402Challenge, invoice: InvoiceFields) {
    const { paymentHash } = invoice
    let payment = payingHash.get(paymentHash)
    const first = payment === undefined
    if (payment === undefined) {
      payment = payInvoice(client, {
        paymentRequest: challenge.invoice,
        ...(feeLimitMsat === undefined ? {} : { feeLimitMsat }),
      })
      payingHash.set(paymentHash, payment)
      const settled = payment
      const forget = () => {
        if (payingHash.get(paymentHash) === settled) payingHash.delete(paymentHash)
      }
      settled.then(forget, forget)
    }
    const paying = payment.then(async (payment): Promise<L402Token> => {
      if (payment.preimage === undefined)
        throw new ProtocolError('A succeeded payment without its preimage.')
      const token: L402Token = {
        macaroon: challenge.macaroon,
        preimage: payment.preimage,
        paymentHash,
        priceMsat: payment.valueMsat,
      }
      bought.set(origin, { at: ++payments, token })
      if (first) {
        try {
          onPayment?.({
            origin,
            url,
            paymentHash,
            priceMsat: payment.valueMsat,
            feeMsat: payment.feeMsat,
          })
        } catch {
          // the caller's hook: what it throws is its own
        }
      }
      await store.set(origin, token)
      return token
    })
    payingOrigin.set(origin, paying)
    const forget = () => {
      if (payingOrigin.get(origin) === paying) payingOrigin.delete(origin)
    }
    paying.then(forget, forget)
    return paying
  }

  return async function l402Fetch(input, init) {
    let request: Request
    try {
      request = new Request(input, init)
    } catch (cause) {
      throw new InvalidArgumentError('input', 'an absolute URL and request options fetch takes', {
        cause,
      })
    }
    const url = new URL(request.url)
    const { origin, host } = url
    const signal = request.signal
    const stopped = () => {
      const reason: unknown = signal.reason
      return reason instanceof Error && reason.name === 'TimeoutError'
        ? new TimeoutError(`The request to ${host}`, { cause: reason })
        : new AbortedError(`The request to ${host}`, { cause: reason })
    }
    const untilAborted = <T>(promise: Promise<T>): Promise<T> => {
      if (signal.aborted) return Promise.reject(stopped())
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => reject(stopped())
        signal.addEventListener('abort', onAbort, { once: true })
        promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
      })
    }
    const send = async (token: L402Token | undefined) => {
      const headers = new Headers(request.headers)
      if (token) headers.set('authorization', `L402 ${token.macaroon}:${token.preimage}`)
      try {
        return await fetch(new Request(request.clone(), { headers }))
      } catch (cause) {
        if (signal.aborted) throw stopped()
        if (isBaseError(cause)) throw cause
        throw new L402Error(host, 'unreachable', 'the service could not be reached', { cause })
      }
    }

    let token = await untilAborted(currentToken(origin))
    let paidHere = false
    for (let sends = 1; ; sends++) {
      const sentAt = payments
      const response = await send(token)
      if (response.status !== 402) return response
      response.body?.cancel().catch(() => {})
      if (token !== undefined) {
        refuse(token.paymentHash)
        if (bought.get(origin)?.token === token) bought.delete(origin)
        await untilAborted(Promise.resolve(store.delete(origin, token)))
      }
      const challenge = parseL402Challenge(response.headers.get('www-authenticate'), host)
      let invoice: InvoiceFields
      try {
        invoice = readInvoice(challenge.invoice)
      } catch (cause) {
        throw new L402Error(host, 'malformed', 'an invoice that is not BOLT 11', { cause })
      }
      const { paymentHash, amountMsat } = invoice
      if (paidHere || sends >= MAX_SENDS || refusedHashes.has(paymentHash)) {
        throw new L402Error(
          host,
          'refused',
          paidHere
            ? 'it refused the token it had just sold'
            : sends >= MAX_SENDS
              ? `it refused ${sends - 1} tokens in a row`
              : 'it asked again for an invoice already paid',
          { priceMsat: amountMsat },
        )
      }
      const stored = await untilAborted(Promise.resolve(store.get(origin)))
      // From here to the payment's start, no await: two calls cannot both pay.
      const paying = payingOrigin.get(origin)
      const newer = bought.get(origin)
      let next: Promise<L402Token> | L402Token | undefined
      if (paying) next = paying
      else if (newer && newer.at > sentAt && !refusedHashes.has(newer.token.paymentHash))
        next = newer.token
      else if (stored && !refusedHashes.has(stored.paymentHash)) next = stored
      if (next === undefined) {
        if (amountMsat === undefined)
          throw new L402Error(host, 'any-amount', 'an invoice without an amount')
        if (amountMsat > maxPriceMsat) {
          throw new L402Error(
            host,
            'price',
            `a price of ${amountMsat} msat, above maxPriceMsat (${maxPriceMsat} msat)`,
            { priceMsat: amountMsat },
          )
        }
        if (url.protocol !== 'https:' && !allowsPlainHttp(url.hostname))
          throw new L402Error(
            host,
            'insecure',
            'a challenge over plain http, which anyone on the way could have written',
          )
        paidHere = true
        next = pay(origin, url.href, challenge, invoice)
      }
      token = await untilAborted(Promise.resolve(next))
    }
  }

  async function currentToken(origin: string): Promise<L402Token | undefined> {
    const paying = payingOrigin.get(origin)
    if (paying) return paying.catch(() => undefined)
    return (await store.get(origin)) ?? bought.get(origin)?.token
  }
}
