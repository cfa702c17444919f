import { type Client, verifyMessage } from '@btcfi/sdk'
import { LoanError } from '../errors/LoanError.js'
import { requestSigningText, SIGNATURE_HEADERS } from '../protocol/signedRequest.js'
import type { LoanStore } from '../store/LoanStore.js'

export interface VerifySignedRequestParameters {
  client: Client
  store: LoanStore
  method: string
  path: string
  headers: Headers
  body: unknown
  nowMs: number
  /** How far a request's timestamp may be from the desk's clock. */
  maxSkewMs: number
}

const PUBKEY = /^0[23][0-9a-f]{64}$/
const NONCE = /^[0-9a-f]{32,128}$/

/**
 * Checks a borrower's signed request and returns the borrower's pubkey:
 * the four headers present and well formed (`UNSIGNED`), the timestamp within
 * `maxSkewMs` (`STALE_REQUEST`), the node-key signature (lnd verifymessage)
 * recovering the claimed pubkey (`BAD_SIGNATURE`), then the nonce unseen
 * (`REPLAYED`). Nothing else is read or written before it passes.
 */
export async function verifySignedRequest(p: VerifySignedRequestParameters): Promise<string> {
  const pubkey = p.headers.get(SIGNATURE_HEADERS.pubkey)
  const nonce = p.headers.get(SIGNATURE_HEADERS.nonce)
  const timestampText = p.headers.get(SIGNATURE_HEADERS.timestamp)
  const signature = p.headers.get(SIGNATURE_HEADERS.signature)
  if (!pubkey || !nonce || !timestampText || !signature) {
    throw new LoanError(
      'UNSIGNED',
      `This request must be signed with the borrower's node key (headers ${Object.values(SIGNATURE_HEADERS).join(', ')}).`,
    )
  }
  if (
    !PUBKEY.test(pubkey) ||
    !NONCE.test(nonce) ||
    !/^\d{1,15}$/.test(timestampText) ||
    signature.length > 200
  ) {
    throw new LoanError('UNSIGNED', 'The signature headers are malformed.')
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
  if (!(await p.store.useNonce(pubkey, nonce, timestamp + p.maxSkewMs, p.nowMs))) {
    throw new LoanError('REPLAYED', 'This request was already received (nonce reused).')
  }
  return pubkey
}
