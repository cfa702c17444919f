import type { Hex } from '@btcfi/core'

/**
 * A paid L402 token: the macaroon the service sold and the preimage that
 * proves the payment. Both are secrets (whoever holds them uses what was
 * paid for): keep them where you keep credentials, never in logs.
 */
export interface L402Token {
  /** The macaroon, standard base64, as the service sent it. */
  macaroon: string
  /** The payment's preimage (hex): the proof of payment. */
  preimage: Hex
  /** The invoice's payment hash (hex). */
  paymentHash: Hex
  /** What the invoice asked, msat (routing fees not included). */
  priceMsat: bigint
}

/**
 * Where `createL402Fetch` keeps tokens, one per origin
 * (`https://api.example:8443`). Each method may return a promise (a
 * database, the platform's secure storage). `delete` is called with the
 * token that was refused: delete only if it is still the one stored.
 */
export interface L402TokenStore {
  get(origin: string): L402Token | undefined | Promise<L402Token | undefined>
  set(origin: string, token: L402Token): void | Promise<void>
  delete(origin: string, token: L402Token): void | Promise<void>
}

/**
 * The default token store of `createL402Fetch`: a `Map` in memory, lost when
 * the process ends. Share one between several fetches to share their tokens.
 *
 * @example
 * const tokenStore = memoryL402TokenStore()
 * const fetchPaid = createL402Fetch(client, { maxPriceMsat: 10_000n, tokenStore })
 */
export function memoryL402TokenStore(): L402TokenStore {
  const tokens = new Map<string, L402Token>()
  return {
    get: (origin) => tokens.get(origin),
    set: (origin, token) => {
      tokens.set(origin, token)
    },
    delete: (origin, token) => {
      if (tokens.get(origin)?.paymentHash === token.paymentHash) tokens.delete(origin)
    },
  }
}
