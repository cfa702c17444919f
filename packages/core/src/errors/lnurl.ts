import { BaseError } from './BaseError.js'

/**
 * Not a valid LNURL or Lightning Address, or a service's answer that breaks
 * the LNURL specifications (LUD-01 to LUD-16). The message says which rule.
 */
export class LnurlInvalidError extends BaseError {
  override name = 'LnurlInvalidError' as const
  constructor(reason: string, { cause }: { cause?: unknown } = {}) {
    super(`Invalid LNURL: ${reason}.`, { code: 'LNURL_INVALID', cause })
  }
}

/**
 * An LNURL service reached over plain `http://` on a host that is neither a
 * Tor onion (LUD-01 allows those) nor loopback (a service on this machine).
 */
export class LnurlInsecureError extends BaseError {
  override name = 'LnurlInsecureError' as const
  /** The host that would have been reached in clear. */
  readonly host: string
  constructor(host = '') {
    super(
      `Refused to reach the LNURL service at ${host || 'this host'} over plain http: LNURL needs https (http only for .onion hosts and loopback).`,
      { code: 'LNURL_INSECURE' },
    )
    this.host = host
  }
}
