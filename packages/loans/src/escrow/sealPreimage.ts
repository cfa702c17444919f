import { bytesToHex, type Hex, hexToBytes } from '@btcfi/core'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { LoanError } from '../errors/LoanError.js'

/** A lock's preimage encrypted to an escrow agent (`sealPreimage`), as the borrower sends it. */
export interface SealedPreimage {
  /** The sender's one-time public key (x-only, hex). */
  ephemeralPubkey: Hex
  /** XChaCha20-Poly1305's 24-byte nonce, hex. */
  nonce: Hex
  /** The preimage and its 16-byte tag, hex. */
  ciphertext: Hex
}

/** What a sealed preimage is bound to: opened for another loan or hash, it fails. */
export interface SealContext {
  loanId: string
  /** The lock's payment hash, hex: sha256 of the preimage. */
  paymentHash: Hex
}

const INFO = utf8ToBytes('btcfi-escrow/2 preimage')
const aad = ({ loanId, paymentHash }: SealContext) =>
  utf8ToBytes(`btcfi-escrow/2\n${loanId}\n${paymentHash.toLowerCase()}`)

/**
 * The key both sides derive: HKDF-SHA256 of the ECDH point's x (the agent's
 * x-only key lifted to even y: either y gives the same x), salted with both
 * public keys.
 */
function sharedKey(
  secret: Uint8Array,
  theirs: Uint8Array,
  ephemeral: Uint8Array,
  agent: Uint8Array,
) {
  const point = secp256k1.getSharedSecret(secret, Uint8Array.of(0x02, ...theirs))
  const salt = new Uint8Array([...ephemeral, ...agent])
  return hkdf(sha256, point.slice(1), salt, INFO, 32)
}

/**
 * Encrypts a lock's preimage to an escrow agent's key (ECIES: a one-time
 * secp256k1 key, ECDH, HKDF-SHA256, XChaCha20-Poly1305), bound to the loan
 * and the hash so that it opens for nothing else. The preimage must hash to
 * `paymentHash`.
 *
 * @example
 * const sealed = sealPreimage(preimage, agentPubkey, { loanId, paymentHash })
 */
export function sealPreimage(
  preimage: Hex,
  agentPubkey: Hex,
  context: SealContext,
): SealedPreimage {
  const secretBytes = hexToBytes(preimage)
  checkPreimage(secretBytes, context.paymentHash)
  const agent = hexToBytes(agentPubkey)
  if (agent.length !== 32) {
    throw new LoanError('BAD_REQUEST', 'An escrow agent key is 32 bytes (x-only).')
  }
  const ephemeralSecret = schnorr.utils.randomSecretKey()
  const ephemeral = schnorr.getPublicKey(ephemeralSecret)
  const nonce = randomBytes(24)
  let key: Uint8Array
  try {
    key = sharedKey(ephemeralSecret, agent, ephemeral, agent)
  } catch (cause) {
    throw new LoanError('BAD_REQUEST', 'The escrow agent key is not a point of secp256k1.', {
      cause,
    })
  }
  const ciphertext = xchacha20poly1305(key, nonce, aad(context)).encrypt(secretBytes)
  return {
    ephemeralPubkey: bytesToHex(ephemeral),
    nonce: bytesToHex(nonce),
    ciphertext: bytesToHex(ciphertext),
  }
}

/**
 * The agent's side: decrypts a sealed preimage with its secret key and checks
 * that it hashes to the lock's payment hash. A preimage sealed to another key,
 * for another loan or hash, altered, or not the hash's, is refused
 * (`LoanError('ESCROW_PREIMAGE')`); the error never holds the preimage.
 */
export function openSealedPreimage(
  sealed: SealedPreimage,
  agentSecret: Uint8Array,
  context: SealContext,
): Hex {
  let preimage: Uint8Array
  try {
    const agent = schnorr.getPublicKey(agentSecret)
    const ephemeral = hexToBytes(sealed.ephemeralPubkey)
    const key = sharedKey(agentSecret, ephemeral, ephemeral, agent)
    preimage = xchacha20poly1305(key, hexToBytes(sealed.nonce), aad(context)).decrypt(
      hexToBytes(sealed.ciphertext),
    )
  } catch (cause) {
    throw new LoanError(
      'ESCROW_PREIMAGE',
      'The sealed preimage does not open with this agent’s key for this loan and hash.',
      { cause },
    )
  }
  checkPreimage(preimage, context.paymentHash)
  return bytesToHex(preimage)
}

function checkPreimage(preimage: Uint8Array, paymentHash: Hex): void {
  if (preimage.length !== 32 || bytesToHex(sha256(preimage)) !== paymentHash.toLowerCase()) {
    throw new LoanError('ESCROW_PREIMAGE', 'The preimage is not the lock’s: its hash differs.')
  }
}
