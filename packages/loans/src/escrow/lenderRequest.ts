import { bytesToHex, type Hex, hexToBytes } from '@btcfi/core'
import { schnorr } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { LoanError } from '../errors/LoanError.js'
import { canonicalJson } from '../protocol/canonicalJson.js'
import type { DefaultClaim, ReleaseGround } from './decideRelease.js'

/** What only the lender may ask of an escrow agent about a lock. */
export type LenderAction = 'retire' | 'offer' | 'default' | 'release'

/** What each lender call says besides the lock's hash (the fields it signs). */
export interface LenderRequestBodies {
  retire: Record<string, never>
  offer: Record<string, never>
  default: DefaultClaim
  release: { ground: ReleaseGround }
}

/**
 * The text a lender signs: a tag naming the action, then the canonical JSON
 * of the call's fields with the lock's payment hash (lower case).
 *
 * @example
 * lenderRequestText('release', paymentHash, { ground: 'liquidation' })
 * // 'btcfi-escrow/2 release:{"ground":"liquidation","paymentHash":"…"}'
 */
export function lenderRequestText<A extends LenderAction>(
  action: A,
  paymentHash: Hex,
  body: LenderRequestBodies[A],
): string {
  return `btcfi-escrow/2 ${action}:${canonicalJson({ ...body, paymentHash: paymentHash.toLowerCase() })}`
}

const digest = <A extends LenderAction>(
  action: A,
  paymentHash: Hex,
  body: LenderRequestBodies[A],
) => sha256(utf8ToBytes(lenderRequestText(action, paymentHash, body)))

/**
 * Signs a lender's call to an escrow agent (BIP-340 Schnorr over the SHA-256
 * of `lenderRequestText`) with the lender's escrow key, the one each hold
 * names as `lenderKey`. No nonce or timestamp: each call is idempotent per
 * lock (a lock retired, a default claimed once, a release decided on the
 * agent's own evidence), so a replayed call does only what the lender asked
 * already. A release's answer carries the preimage: serve the agent over TLS.
 *
 * @example
 * const signature = signLenderRequest('release', paymentHash, { ground: 'liquidation' }, lenderSecret)
 */
export function signLenderRequest<A extends LenderAction>(
  action: A,
  paymentHash: Hex,
  body: LenderRequestBodies[A],
  lenderSecret: Uint8Array,
): Hex {
  return bytesToHex(schnorr.sign(digest(action, paymentHash, body), lenderSecret))
}

/**
 * The agent's side: the call must be signed with `lenderKey` (x-only, hex)
 * over exactly this action, lock and fields. No signature is
 * `LoanError('UNSIGNED')`, one that does not verify `LoanError('BAD_SIGNATURE')`.
 */
export function verifyLenderRequest<A extends LenderAction>(
  action: A,
  paymentHash: Hex,
  body: LenderRequestBodies[A],
  signature: Hex | undefined,
  lenderKey: Hex,
): void {
  if (signature === undefined) {
    throw new LoanError('UNSIGNED', `Only the lender may ${action} a lock: sign the request.`)
  }
  let valid = false
  try {
    valid = schnorr.verify(
      hexToBytes(signature),
      digest(action, paymentHash, body),
      hexToBytes(lenderKey),
    )
  } catch {
    valid = false
  }
  if (!valid) {
    throw new LoanError(
      'BAD_SIGNATURE',
      `The request to ${action} the lock is not signed with the lender's key this lock names.`,
    )
  }
}
