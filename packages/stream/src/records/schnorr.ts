import { schnorr as noble } from '@noble/curves/secp256k1.js'

/**
 * BIP-340 signatures of the stream records, behind one interface so that each
 * runtime gets the implementation that suits it. This one (@noble/curves, pure
 * JS) serves browsers and any runtime without the `node` condition;
 * `schnorr.node.ts` serves Node. Both pass BIP-340's own test vectors.
 */
export interface Schnorr {
  /** The x-only public key of a 32-byte secret key. */
  publicKey(secretKey: Uint8Array): Uint8Array
  /** Signs a 32-byte digest, with fresh auxiliary randomness unless `auxRand` is given. */
  sign(digest: Uint8Array, secretKey: Uint8Array, auxRand?: Uint8Array): Uint8Array
  /** False for a bad signature and for a key or signature that is not a valid encoding. */
  verify(signature: Uint8Array, digest: Uint8Array, publicKey: Uint8Array): boolean
}

export const schnorr: Schnorr = {
  publicKey: (secretKey) => noble.getPublicKey(secretKey),
  sign: (digest, secretKey, auxRand) => noble.sign(digest, secretKey, auxRand),
  verify: (signature, digest, publicKey) => {
    try {
      return noble.verify(signature, digest, publicKey)
    } catch {
      return false
    }
  },
}
