import { BaseError } from './BaseError.js'

/** What went wrong with an L402 service (see `L402Error`). */
export type L402Problem =
  /** A 402 without an L402 (or LSAT) challenge carrying a base64 macaroon and a BOLT 11 invoice. */
  | 'malformed'
  /** A `WWW-Authenticate` header over the length the SDK reads. */
  | 'too-large'
  /** A challenge whose invoice has no amount: the service would let the payer choose. */
  | 'any-amount'
  /** A price above the caller's `maxPriceMsat`; `priceMsat` says how much. */
  | 'price'
  /**
   * The service asked again for a payment this call had already made, or
   * refused the token it sold: nothing more is paid in this call.
   */
  | 'refused'
  /** The service could not be reached (the caller's fetch failed). */
  | 'unreachable'
  /**
   * A challenge over plain http to a host that is neither loopback nor a Tor
   * onion: anyone on the way could have written it, and would read the token.
   */
  | 'insecure'

/**
 * An L402 service (HTTP 402 Payment Required with a Lightning invoice) that
 * the SDK did not pay, or whose token did not work. `problem` says what;
 * `host` names the service; `priceMsat` is the price asked, when known.
 * Nothing secret is in it: neither the macaroon nor the preimage.
 */
export class L402Error extends BaseError {
  override name = 'L402Error' as const
  readonly problem: L402Problem
  /** The service's host (`host:port`). */
  readonly host: string
  /** The invoice's amount, when the challenge had one. */
  readonly priceMsat: bigint | undefined
  constructor(
    host = '',
    problem: L402Problem = 'malformed',
    reason = 'a challenge the SDK cannot pay',
    { cause, priceMsat }: { cause?: unknown; priceMsat?: bigint | undefined } = {},
  ) {
    super(`The L402 service at ${host || 'this host'} was not paid: ${reason}.`, {
      code: 'L402_CHALLENGE',
      cause,
    })
    this.problem = problem
    this.host = host
    this.priceMsat = priceMsat
  }
}
