import { encodeLnurl } from '@btcfi/core'
import { createLnurlHandler, type LightningClient, type LnurlHandler } from '@btcfi/sdk'

/** The name of the shop's Lightning Address: `shop@<host>`. */
export const TIP_NAME = 'shop'

/** The most a tip may be: 1,000,000 sat. */
const MIN_TIP_MSAT = 1_000n
const MAX_TIP_MSAT = 1_000_000_000n

/** A tip's invoice, as the payer's wallet asked for it. */
export interface Tip {
  paymentHash: string
  amountMsat: bigint
  comment: string | undefined
  atMs: number
}

export type Tips = ReturnType<typeof createTips>

/**
 * The shop's Lightning Address, `shop@<host>`: the SDK's LNURL-pay handler
 * on the merchant's node, served by the app itself
 * (`/.well-known/lnurlp/shop`, `/lnurlp/shop/callback`). Any wallet that
 * pays Lightning Addresses can tip the roaster; each invoice it mints is
 * remembered, so the admin page can tell a tip from an order.
 */
export function createTips({
  client,
  origin,
}: {
  /** The merchant's node: it mints the invoices (an invoice macaroon is enough). */
  client: LightningClient
  /** The app's public origin (`https://shop.example`). Set later with `serveAt` when the port is picked at start. */
  origin?: string
}) {
  const tips = new Map<string, Tip>()
  const build = (at: string | undefined) =>
    createLnurlHandler({
      client,
      ...(at === undefined ? {} : { origin: at }),
      names: {
        [TIP_NAME]: {
          description: 'Roastery tips',
          longDescription: 'A tip for the roaster, from any wallet that pays Lightning Addresses.',
          minSendableMsat: MIN_TIP_MSAT,
          maxSendableMsat: MAX_TIP_MSAT,
          commentAllowed: 140,
          successAction: () => ({ tag: 'message', message: 'Thank you! The roaster says hi.' }),
        },
      },
      onInvoice: (event) => {
        tips.set(event.paymentHash, {
          paymentHash: event.paymentHash,
          amountMsat: event.amountMsat,
          comment: event.comment,
          atMs: Date.now(),
        })
      },
    })
  let base = origin === undefined ? undefined : new URL(origin).origin
  let handler: LnurlHandler = build(base)
  return {
    /** Answers the LNURL-pay requests (`/.well-known/lnurlp/*`, `/lnurlp/*`). */
    handle: (request: Request) => handler(request),
    /** Serves the address at `origin` from now on (once the app knows its own URL). */
    serveAt(at: string) {
      base = new URL(at).origin
      handler = build(base)
    },
    /** The address and its LNURL (for a QR code), at the public origin or else the request's. */
    info(requestUrl: string) {
      const at = new URL(base ?? requestUrl)
      const url = `${at.origin}/.well-known/lnurlp/${TIP_NAME}`
      return {
        address: `${TIP_NAME}@${at.host}`,
        url,
        lnurl: encodeLnurl(url),
        minSendableMsat: MIN_TIP_MSAT,
        maxSendableMsat: MAX_TIP_MSAT,
      }
    },
    isTip: (paymentHash: string) => tips.has(paymentHash),
    get: (paymentHash: string) => tips.get(paymentHash),
  }
}
