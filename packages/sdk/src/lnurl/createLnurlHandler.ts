import {
  assertAmount,
  assertInteger,
  assertObject,
  constantTimeEqual,
  decodeInvoice,
  encodeLnurl,
  encryptSuccessAction,
  type Hex,
  InvalidAmountError,
  InvalidArgumentError,
  type LnurlSuccessAction,
  lnurlDescriptionHash,
  MAX_SUCCESS_TEXT,
  type Payment,
  ProtocolError,
  randomPreimage,
  readSuccessAction,
  utf8ToBytes,
  validateInvoice,
} from '@btcfi/core'
import { createInvoice } from '../actions/invoices/createInvoice.js'
import { getInvoice } from '../actions/invoices/getInvoice.js'
import { payInvoice } from '../actions/payments/payInvoice.js'
import type { Client } from '../client/createClient.js'

/** One name of a Lightning Address (`name@your.domain`) and what it takes. */
export interface LnurlPayName {
  /** The `text/plain` description payers see. */
  description: string
  /** A longer text (LUD-20). */
  longDescription?: string | undefined
  /** Default 1 000 msat (1 sat). */
  minSendableMsat?: bigint | undefined
  /** Default 1 000 000 000 msat (0.01 BTC). */
  maxSendableMsat?: bigint | undefined
  /** The longest comment taken (LUD-12), at most 1 000. Default 0: none. */
  commentAllowed?: number | undefined
  /**
   * What the payer's wallet shows once paid (LUD-09): a message, a link on
   * this host, or a text encrypted with the payment's preimage (LUD-10),
   * which only the payer can read.
   */
  successAction?: ((paid: LnurlInvoiceEvent) => LnurlServerAction | undefined) | undefined
}

/** A success action as the service writes it; an `aes` text is encrypted by the handler. */
export type LnurlServerAction =
  | Exclude<LnurlSuccessAction, { tag: 'aes' }>
  | { tag: 'aes'; description: string; text: string }

/** An invoice minted for a payer. */
export interface LnurlInvoiceEvent {
  name: string
  amountMsat: bigint
  comment: string | undefined
  paymentHash: Hex
  paymentRequest: string
}

/** A one-time LNURL-withdraw link (LUD-03). */
export interface LnurlWithdrawLink {
  id: string
  /** The URL the link leads to; `lnurl` is its bech32 form, for a QR code. */
  url: string
  lnurl: string
  expiresAt: Date
}

export interface CreateWithdrawLinkParameters {
  /** The most the holder may withdraw. */
  maxMsat: bigint
  /** Default 1 000 msat. */
  minMsat?: bigint | undefined
  description?: string | undefined
  /** Default 600 000 ms. */
  expiresInMs?: number | undefined
}

/** A withdrawal paid (or not) by the handler. */
export interface LnurlWithdrawEvent {
  linkId: string
  amountMsat: bigint
  paymentHash: Hex
  payment: Payment | undefined
  error: unknown
}

export interface CreateLnurlHandlerParameters {
  /** The node that mints the invoices and pays the withdrawals. */
  client: Client
  /** The names served, or a lookup of them. */
  names: Readonly<Record<string, LnurlPayName>> | ((name: string) => LnurlPayName | undefined)
  /** The public origin (`https://shop.example`). Default the request's own. */
  origin?: string | undefined
  /** Default 600 s. */
  invoiceExpirySeconds?: number | undefined
  /** Invoices minted per name per minute, at most. Default 60. */
  maxInvoicesPerMinute?: number | undefined
  /** Withdraw links open at once, at most. Default 1 000. */
  maxWithdrawLinks?: number | undefined
  /** The most routing fee a withdrawal pays. Default 1% of its amount and 1 sat (the holder picks the route). */
  withdrawFeeLimitMsat?: bigint | undefined
  /** The most blocks a withdrawal's HTLCs may stay locked (payInvoice's `cltvLimit`). Default 288. */
  withdrawCltvLimit?: number | undefined
  onInvoice?: ((event: LnurlInvoiceEvent) => void) | undefined
  onWithdraw?: ((event: LnurlWithdrawEvent) => void) | undefined
  /** Told about each 5xx (the answer says only "internal error"). */
  onError?: ((error: unknown) => void) | undefined
  now?: (() => number) | undefined
}

export type LnurlHandler = ((request: Request) => Promise<Response>) & {
  /** A request has no body to read. */
  readonly maxBodyBytes: number
  /** Opens a one-time withdraw link, served by this handler at `origin`. */
  createWithdrawLink(parameters: CreateWithdrawLinkParameters): LnurlWithdrawLink
  /** Waits for the withdrawals under way (for a clean shutdown). */
  settled(): Promise<void>
}

/** Names whose minting is counted at once; past it, new names wait for a window to end. */
const MAX_NAMES_COUNTED = 10_000
/** Payment hashes of withdrawals paid, remembered so that one invoice is paid for one link only. */
const MAX_PAID_HASHES = 100_000
/** LNURL amounts are JSON numbers: no more than this is exact. */
const MAX_JSON_MSAT = BigInt(Number.MAX_SAFE_INTEGER)
const NAME = /^([a-z0-9._-]{1,64})(\+[a-z0-9._-]{1,64})?$/
const PAY_PATH = /^\/\.well-known\/lnurlp\/([^/]+)$/
const CALLBACK_PATH = /^\/lnurlp\/([a-z0-9._-]{1,64})\/callback$/
const WITHDRAW_PATH = /^\/lnurlw\/([0-9a-f]{32})(\/callback)?$/

interface OpenLink {
  k1: Hex
  minMsat: bigint
  maxMsat: bigint
  description: string
  expiresAt: number
}

/**
 * The receiving side of LNURL, as a fetch-style handler (mount it on any
 * server that speaks `Request`/`Response`):
 *
 * | GET | answers |
 * |---|---|
 * | `/.well-known/lnurlp/<name>` | the pay request of `name@host` (LUD-06, LUD-16; a `+tag` is dropped) |
 * | `/lnurlp/<name>/callback?amount=&comment=` | an invoice minted on the node, its description hash the SHA-256 of the metadata |
 * | `/lnurlw/<id>` | a withdraw link's request (LUD-03) |
 * | `/lnurlw/<id>/callback?k1=&pr=` | `{"status":"OK"}`, then the invoice is paid once |
 *
 * A refusal is `{"status":"ERROR","reason":…}` with a 4xx status; every
 * answer allows any origin (LUD-01, for browser wallets). The metadata is
 * rebuilt from the name's settings for each call, so an invoice always
 * commits to what the payer was shown. Each name mints at most
 * `maxInvoicesPerMinute` invoices. A withdraw link's `k1` is spent before
 * its invoice is paid, so a link pays once however often its callback is
 * called; links live in this process's memory.
 */
export function createLnurlHandler(parameters: CreateLnurlHandlerParameters): LnurlHandler {
  assertObject(parameters, 'parameters')
  const { client } = parameters
  const now = parameters.now ?? Date.now
  const expirySeconds = parameters.invoiceExpirySeconds ?? 600
  const perMinute = parameters.maxInvoicesPerMinute ?? 60
  const maxLinks = parameters.maxWithdrawLinks ?? 1_000
  assertInteger(expirySeconds, 'invoiceExpirySeconds', { min: 60 })
  assertInteger(perMinute, 'maxInvoicesPerMinute', { min: 1 })
  assertInteger(maxLinks, 'maxWithdrawLinks', { min: 1 })
  const origin = parameters.origin === undefined ? undefined : new URL(parameters.origin).origin
  const lookup =
    typeof parameters.names === 'function'
      ? parameters.names
      : (name: string) =>
          Object.hasOwn(parameters.names, name)
            ? (parameters.names as Record<string, LnurlPayName>)[name]
            : undefined
  const minted = new Map<string, { windowStart: number; count: number }>()
  const links = new Map<string, OpenLink>()
  const paidHashes = new Set<Hex>()
  const inFlight = new Set<Promise<void>>()

  const nameOf = (name: string) => {
    const config = lookup(name)
    if (config === undefined) return undefined
    const min = config.minSendableMsat ?? 1_000n
    const max = config.maxSendableMsat ?? 1_000_000_000n
    if (typeof config.description !== 'string')
      throw new InvalidArgumentError(`names.${name}.description`, 'a string')
    assertAmount(min, `names.${name}.minSendableMsat`, { min: 1n })
    assertAmount(max, `names.${name}.maxSendableMsat`, { min: min })
    if (max > MAX_JSON_MSAT)
      throw new InvalidAmountError(`names.${name}.maxSendableMsat is above ${MAX_JSON_MSAT}.`)
    const commentAllowed = config.commentAllowed ?? 0
    assertInteger(commentAllowed, `names.${name}.commentAllowed`, { min: 0, max: 1_000 })
    return { config, min, max, commentAllowed }
  }
  const metadataOf = (name: string, host: string, config: LnurlPayName) =>
    JSON.stringify([
      ['text/plain', config.description],
      ['text/identifier', `${name}@${host}`],
      ...(config.longDescription === undefined ? [] : [['text/long-desc', config.longDescription]]),
    ])

  async function payRequest(base: URL, rawName: string): Promise<Response> {
    const match = NAME.exec(rawName.toLowerCase())
    const name = match?.[1]
    const found = name === undefined ? undefined : nameOf(name)
    if (name === undefined || found === undefined) return refuse(404, 'No such name here.')
    return json(200, {
      tag: 'payRequest',
      callback: `${base.origin}/lnurlp/${name}/callback`,
      minSendable: Number(found.min),
      maxSendable: Number(found.max),
      metadata: metadataOf(name, base.host, found.config),
      ...(found.commentAllowed > 0 ? { commentAllowed: found.commentAllowed } : {}),
    })
  }

  async function payCallback(base: URL, name: string, query: URLSearchParams) {
    const found = nameOf(name)
    if (found === undefined) return refuse(404, 'No such name here.')
    const amount = query.get('amount') ?? ''
    if (!/^\d{1,16}$/.test(amount)) return refuse(400, 'The amount must be a whole number of msat.')
    const amountMsat = BigInt(amount)
    if (amountMsat < found.min || amountMsat > found.max)
      return refuse(400, `The amount must be from ${found.min} to ${found.max} msat.`)
    const comment = query.get('comment') ?? undefined
    if (comment !== undefined && [...comment].length > found.commentAllowed)
      return refuse(400, `A comment is at most ${found.commentAllowed} characters here.`)
    if (!takeSlot(name))
      return refuse(429, 'Too many invoices for this name: try again in a minute.')
    const metadata = metadataOf(name, base.host, found.config)
    const invoice = await createInvoice(client, {
      amountMsat,
      descriptionHash: lnurlDescriptionHash(metadata),
      expirySeconds,
    })
    const event: LnurlInvoiceEvent = {
      name,
      amountMsat,
      comment,
      paymentHash: invoice.paymentHash,
      paymentRequest: invoice.paymentRequest,
    }
    report(() => parameters.onInvoice?.(event))
    const action = found.config.successAction?.(event)
    return json(200, {
      pr: invoice.paymentRequest,
      routes: [],
      // The address stays: a wallet may keep it (LUD-11).
      disposable: false,
      ...(action === undefined
        ? {}
        : {
            successAction: await written(
              action,
              invoice.paymentHash,
              new URL(`${base.origin}/lnurlp/${name}/callback`),
            ),
          }),
    })
  }

  /** The action as sent, held to what a payer's wallet accepts (LUD-09, LUD-10): else the payer would not pay. */
  async function written(
    action: LnurlServerAction,
    paymentHash: Hex,
    callback: URL,
  ): Promise<LnurlSuccessAction> {
    let sent: LnurlSuccessAction = action as LnurlSuccessAction
    if (action.tag === 'aes') {
      const { preimage } = await getInvoice(client, { paymentHash })
      if (preimage === undefined)
        throw new ProtocolError('The node did not return the invoice’s preimage.')
      sent = encryptSuccessAction(action.description, action.text, preimage)
    }
    const checked = readSuccessAction(sent, callback)
    if (checked === undefined)
      throw new InvalidArgumentError(
        'successAction',
        'a message, a url on this host, or an aes text of at most 3 KB',
      )
    return checked
  }

  function takeSlot(name: string): boolean {
    const at = now()
    const slot = minted.get(name)
    if (slot === undefined || at - slot.windowStart >= 60_000) {
      if (minted.size >= MAX_NAMES_COUNTED) {
        // Only windows that have ended are let go: a stranger cannot reset the counts.
        for (const [key, window] of minted)
          if (at - window.windowStart >= 60_000) minted.delete(key)
        if (minted.size >= MAX_NAMES_COUNTED) return false
      }
      minted.set(name, { windowStart: at, count: 1 })
      return true
    }
    if (slot.count >= perMinute) return false
    slot.count++
    return true
  }

  function openLink(id: string): OpenLink | undefined {
    const link = links.get(id)
    if (link !== undefined && link.expiresAt <= now()) links.delete(id)
    return link !== undefined && link.expiresAt > now() ? link : undefined
  }

  function withdrawRequest(base: URL, id: string): Response {
    const link = openLink(id)
    if (link === undefined) return refuse(404, 'This withdraw link is used or expired.')
    return json(200, {
      tag: 'withdrawRequest',
      callback: `${base.origin}/lnurlw/${id}/callback`,
      k1: link.k1,
      defaultDescription: link.description,
      minWithdrawable: Number(link.minMsat),
      maxWithdrawable: Number(link.maxMsat),
    })
  }

  async function withdrawCallback(id: string, query: URLSearchParams): Promise<Response> {
    const link = openLink(id)
    const k1 = query.get('k1') ?? ''
    if (
      link === undefined ||
      !/^[0-9a-f]{64}$/.test(k1) ||
      !constantTimeEqual(utf8ToBytes(k1), utf8ToBytes(link.k1))
    )
      return refuse(404, 'This withdraw link is used or expired.')
    let invoice: ReturnType<typeof decodeInvoice>
    try {
      invoice = decodeInvoice(query.get('pr') ?? '')
      validateInvoice(invoice, { network: await client.getNetwork() })
    } catch {
      return refuse(400, 'pr is not a payable invoice for this chain.')
    }
    const amountMsat = invoice.amountMsat
    if (amountMsat === undefined || amountMsat < link.minMsat || amountMsat > link.maxMsat)
      return refuse(400, `The invoice must be for ${link.minMsat} to ${link.maxMsat} msat.`)
    if (paidHashes.has(invoice.paymentHash))
      return refuse(400, 'This invoice was already given to a withdraw link.')
    // Spent before anything is awaited: a second call, even at once, finds no link.
    if (links.get(id) !== link) return refuse(404, 'This withdraw link is used or expired.')
    links.delete(id)
    if (paidHashes.size >= MAX_PAID_HASHES) paidHashes.delete(paidHashes.values().next().value!)
    paidHashes.add(invoice.paymentHash)
    const paying = pay(id, invoice.paymentRequest, amountMsat, invoice.paymentHash)
    inFlight.add(paying)
    void paying.finally(() => inFlight.delete(paying))
    return json(200, { status: 'OK' })
  }

  async function pay(linkId: string, paymentRequest: string, amountMsat: bigint, paymentHash: Hex) {
    let payment: Payment | undefined
    let error: unknown
    try {
      payment = await payInvoice(client, {
        paymentRequest,
        // The holder chooses the invoice, so its route: fees and lock time are held to the link.
        feeLimitMsat: parameters.withdrawFeeLimitMsat ?? amountMsat / 100n + 1_000n,
        cltvLimit: parameters.withdrawCltvLimit ?? 288,
        timeoutSeconds: 60,
      })
    } catch (caught) {
      error = caught
    }
    report(() => parameters.onWithdraw?.({ linkId, amountMsat, paymentHash, payment, error }))
  }

  const report = (call: () => void) => {
    try {
      call()
    } catch {
      // a listener cannot break the service
    }
  }

  const handler = async (request: Request): Promise<Response> => {
    try {
      const method = request.method.toUpperCase()
      if (method === 'OPTIONS') return new Response(null, { status: 204, headers: CORS })
      if (method !== 'GET' && method !== 'HEAD') return refuse(405, 'Only GET is served.')
      const url = new URL(request.url)
      const base = origin === undefined ? url : new URL(origin)
      const path = url.pathname
      let match = PAY_PATH.exec(path)
      if (match) {
        let name: string
        try {
          name = decodeURIComponent(match[1]!)
        } catch {
          return refuse(404, 'No such name here.')
        }
        return await payRequest(base, name)
      }
      match = CALLBACK_PATH.exec(path)
      if (match) return await payCallback(base, match[1]!, url.searchParams)
      match = WITHDRAW_PATH.exec(path)
      if (match) {
        return match[2] === undefined
          ? withdrawRequest(base, match[1]!)
          : await withdrawCallback(match[1]!, url.searchParams)
      }
      return refuse(404, 'Not found.')
    } catch (error) {
      report(() => parameters.onError?.(error))
      return refuse(500, 'internal error')
    }
  }

  return Object.assign(handler, {
    maxBodyBytes: 0,
    createWithdrawLink(link: CreateWithdrawLinkParameters): LnurlWithdrawLink {
      assertObject(link, 'parameters')
      const minMsat = link.minMsat ?? 1_000n
      assertAmount(link.maxMsat, 'maxMsat', { min: 1n })
      assertAmount(minMsat, 'minMsat', { min: 1n })
      if (minMsat > link.maxMsat)
        throw new InvalidAmountError(`minMsat (${minMsat}) is above maxMsat (${link.maxMsat}).`)
      if (link.maxMsat > MAX_JSON_MSAT)
        throw new InvalidAmountError(`maxMsat is above ${MAX_JSON_MSAT}.`)
      const expiresInMs = link.expiresInMs ?? 600_000
      assertInteger(expiresInMs, 'expiresInMs', { min: 1 })
      if (origin === undefined)
        throw new InvalidArgumentError('origin', 'the public origin, to write withdraw links')
      for (const [id] of links) openLink(id)
      if (links.size >= maxLinks)
        throw new InvalidArgumentError('withdraw links', `at most ${maxLinks} open at once`)
      const id = randomPreimage().slice(0, 32)
      const expiresAt = now() + expiresInMs
      links.set(id, {
        k1: randomPreimage(),
        minMsat,
        maxMsat: link.maxMsat,
        description: (link.description ?? '').slice(0, MAX_SUCCESS_TEXT),
        expiresAt,
      })
      const url = `${origin}/lnurlw/${id}`
      return { id, url, lnurl: encodeLnurl(url), expiresAt: new Date(expiresAt) }
    },
    async settled() {
      await Promise.all([...inFlight])
    },
  })
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, OPTIONS',
  'access-control-allow-headers': '*',
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...CORS },
  })
}

const refuse = (status: number, reason: string) => json(status, { status: 'ERROR', reason })
