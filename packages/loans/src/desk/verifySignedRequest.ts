import type { Hex } from '@btcfi/core'
import { type Client, verifyMessage } from '@btcfi/sdk'
import { LoanError } from '../errors/LoanError.js'
import { isPubkey } from '../protocol/parseHex.js'
import { requestSigningText, SIGNATURE_HEADERS } from '../protocol/signedRequest.js'
import type { LoanStore } from '../store/LoanStore.js'

export interface VerifySignedRequestParameters {
  client: Client
  store: LoanStore
  /** This desk's node pubkey: a request signed for another desk is refused. */
  deskPubkey: string
  method: string
  path: string
  headers: Headers
  body: unknown
  nowMs: number
  /** How far a request's timestamp may be from the desk's clock. */
  maxSkewMs: number
}

export interface VerifiedRequest {
  /** The borrower's node pubkey. */
  pubkey: Hex
  /**
   * Records the request's nonce, or refuses a replay (`REPLAYED`). Called
   * once the request is otherwise accepted, right before acting on it: a
   * refused request leaves nothing in the store.
   */
  useNonce(): Promise<void>
}

const NONCE = /^[0-9a-f]{32,128}$/

/**
 * Checks a borrower's signed request and returns the borrower's pubkey:
 * the five headers present and well formed (`UNSIGNED`), signed for this desk
 * (`WRONG_DESK`, status 421, when `btcfi-desk` names another), the
 * timestamp within `maxSkewMs` (`STALE_REQUEST`), the node-key signature (lnd
 * verifymessage) over the request and this desk's pubkey recovering the
 * claimed pubkey (`BAD_SIGNATURE`); `useNonce` then refuses a nonce seen before
 * (`REPLAYED`). Nothing is read from or written to the store before
 * `useNonce`.
 */
export async function verifySignedRequest(
  p: VerifySignedRequestParameters,
): Promise<VerifiedRequest> {
  const pubkey = p.headers.get(SIGNATURE_HEADERS.pubkey)
  const desk = p.headers.get(SIGNATURE_HEADERS.desk)
  const nonce = p.headers.get(SIGNATURE_HEADERS.nonce)
  const timestampText = p.headers.get(SIGNATURE_HEADERS.timestamp)
  const signature = p.headers.get(SIGNATURE_HEADERS.signature)
  if (!pubkey || !desk || !nonce || !timestampText || !signature) {
    throw new LoanError(
      'UNSIGNED',
      `This request must be signed with the borrower's node key (headers ${Object.values(SIGNATURE_HEADERS).join(', ')}).`,
    )
  }
  if (
    !isPubkey(pubkey) ||
    !isPubkey(desk) ||
    !NONCE.test(nonce) ||
    !/^\d{1,15}$/.test(timestampText) ||
    signature.length > 200
  ) {
    throw new LoanError('UNSIGNED', 'The signature headers are malformed.')
  }
  if (desk !== p.deskPubkey) {
    throw new LoanError(
      'WRONG_DESK',
      `This request is signed for another desk: ${SIGNATURE_HEADERS.desk} must be this desk's pubkey (GET /v1/info).`,
    )
  }
  const timestamp = Number(timestampText)
  if (Math.abs(p.nowMs - timestamp) > p.maxSkewMs) {
    throw new LoanError(
      'STALE_REQUEST',
      `The request's timestamp is more than ${p.maxSkewMs / 1000} s from the desk's clock.`,
    )
  }
  const text = requestSigningText({
    method: p.method,
    path: p.path,
    body: p.body,
    pubkey,
    desk: p.deskPubkey,
    nonce,
    timestamp,
  })
  let recovered: string | undefined
  try {
    // lnd recovers the signer's key: a forged signature recovers some other key.
    recovered = (await verifyMessage(p.client, { message: text, signature })).pubkey
  } catch (error) {
    // lnd refuses a signature it cannot even parse.
    throw new LoanError('BAD_SIGNATURE', 'The request signature does not verify.', { cause: error })
  }
  if (recovered !== pubkey) {
    throw new LoanError(
      'BAD_SIGNATURE',
      'The request signature does not verify for the pubkey given.',
    )
  }
  return {
    pubkey,
    async useNonce() {
      if (!(await p.store.useNonce(pubkey, nonce, timestamp + p.maxSkewMs, p.nowMs))) {
        throw new LoanError('REPLAYED', 'This request was already received (nonce reused).')
      }
    },
  }
}
