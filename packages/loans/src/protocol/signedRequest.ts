import { canonicalJson } from './canonicalJson.js'

/** The protocol name and version, part of every signed text. */
export const PROTOCOL = 'btcfi-loan/1'
/** The agreement's protocol when an escrow agent holds the lock's preimage. */
export const PROTOCOL_V2 = 'btcfi-loan/2'

/** Headers of a signed request. */
export const SIGNATURE_HEADERS = {
  /** The borrower's node pubkey (the signer). */
  pubkey: 'btcfi-pubkey',
  /** The pubkey of the desk the request is for (its `/v1/info` `deskPubkey`). */
  desk: 'btcfi-desk',
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
  /** The borrower's node pubkey. */
  pubkey: string
  /** The node pubkey of the desk the request is for. */
  desk: string
  nonce: string
  /** ms since the epoch. */
  timestamp: number
}

/**
 * The text a request's signature covers: the canonical JSON of the protocol,
 * method, path, body, borrower pubkey, desk pubkey, nonce and timestamp. A
 * signature for one request is worth nothing for another path, body, desk or
 * moment, and once only (nonce).
 *
 * @example
 * requestSigningText({ method: 'POST', path: '/v1/quotes', body: { principal: '50000', currency: 'USD' }, pubkey, desk, nonce, timestamp })
 */
export function requestSigningText(request: RequestToSign): string {
  return canonicalJson({
    protocol: PROTOCOL,
    method: request.method.toUpperCase(),
    path: request.path,
    body: request.body ?? null,
    pubkey: request.pubkey,
    desk: request.desk,
    nonce: request.nonce,
    timestamp: request.timestamp,
  })
}

/** The text both sides sign to agree on a loan: `btcfi-loan/1 agreement:` + canonical JSON. */
export function agreementSigningText(agreement: unknown): string {
  return `${PROTOCOL} agreement:${canonicalJson(agreement)}`
}
