import { canonicalJson } from './canonicalJson.js'

/** The protocol name and version, part of every signed text. */
export const PROTOCOL = 'btcfi-loan/1'

/** Headers of a signed request. */
export const SIGNATURE_HEADERS = {
  pubkey: 'btcfi-pubkey',
  nonce: 'btcfi-nonce',
  timestamp: 'btcfi-timestamp',
  signature: 'btcfi-signature',
} as const

/** What a borrower's node key signs for one request. */
export interface RequestToSign {
  method: string
  /** Path and query, e.g. `/v1/loans/abc/events?after=3`. */
  path: string
  /** The parsed JSON body (wire form), or null. */
  body: unknown
  pubkey: string
  nonce: string
  /** ms since the epoch. */
  timestamp: number
}

/**
 * The text a request's signature covers: the canonical JSON of the protocol,
 * method, path, body, pubkey, nonce and timestamp. A signature for one request
 * is worth nothing for another path, body or moment, and once only (nonce).
 */
export function requestSigningText(request: RequestToSign): string {
  return canonicalJson({
    protocol: PROTOCOL,
    method: request.method.toUpperCase(),
    path: request.path,
    body: request.body ?? null,
    pubkey: request.pubkey,
    nonce: request.nonce,
    timestamp: request.timestamp,
  })
}

/** The text both sides sign to agree on a loan: `btcfi-loan/1 agreement:` + canonical JSON. */
export function agreementSigningText(agreement: unknown): string {
  return `${PROTOCOL} agreement:${canonicalJson(agreement)}`
}
