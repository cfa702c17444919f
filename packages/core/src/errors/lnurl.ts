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
 * Tor onion (LUD-01 allows those) nor loopback (a service on this machine);
 * or, when fetching, a local or private address the caller did not allow
 * (`allowLocalHosts`): a public service redirecting a wallet there.
 */
export class LnurlInsecureError extends BaseError {
  override name = 'LnurlInsecureError' as const
  /** The host that would have been reached. */
  readonly host: string
  constructor(host = '', { local = false }: { local?: boolean } = {}) {
    super(
      local
        ? `Refused to reach the LNURL service at ${host || 'this host'}: a local or private address, where a public service must not send a wallet (allowLocalHosts opts in).`
        : `Refused to reach the LNURL service at ${host || 'this host'} over plain http: LNURL needs https (http only for .onion hosts and loopback).`,
      { code: 'LNURL_INSECURE' },
    )
    this.host = host
  }
}

/**
 * The LNURL service could not be reached, or answered
 * `{"status":"ERROR","reason":…}` (LUD-01), or refused a withdrawal. `reason`
 * is the service's own text, trimmed to 200 characters: untrusted, to show
 * as text, never as HTML.
 */
export class LnurlServiceError extends BaseError {
  override name = 'LnurlServiceError' as const
  /** The service's reason, when it gave one. */
  readonly reason: string | undefined
  constructor(
    host: string,
    { reason, details, cause }: { reason?: string; details?: string; cause?: unknown } = {},
  ) {
    const said = reason === undefined ? undefined : reason.trim().slice(0, 200)
    super(
      said === undefined
        ? `The LNURL service at ${host} could not be reached.`
        : `The LNURL service at ${host} refused: ${said || 'no reason given'}.`,
      { code: 'LNURL_SERVICE_ERROR', cause, ...(details ? { details } : {}) },
    )
    this.reason = said
  }
}

/** What was wrong with an LNURL service's answer (see `LnurlResponseError`). */
export type LnurlResponseProblem =
  /** A body over the size limit (read no further). */
  | 'too-large'
  /** Not UTF-8 JSON, or not an object. */
  | 'not-json'
  /** Another kind of service than asked for (a withdraw link given to pay). */
  | 'wrong-tag'
  /** A field missing, of the wrong type, or out of its range. */
  | 'fields'
  /** Too many redirects, or one without a place to go. */
  | 'redirect'
  /** A callback on another host than the LNURL's, with `requireSameHost` set. */
  | 'callback-host'
  /** The invoice is not for the amount asked for. */
  | 'invoice-amount'
  /** The invoice's description hash is not the hash of the metadata. */
  | 'description-hash'
  /** An unknown or malformed success action (LUD-09: then nothing is paid). */
  | 'success-action'

/**
 * An LNURL service answered something that breaks the specification or the
 * SDK's checks: nothing was paid. `problem` says what; the message says
 * more.
 */
export class LnurlResponseError extends BaseError {
  override name = 'LnurlResponseError' as const
  readonly problem: LnurlResponseProblem
  constructor(
    host: string,
    problem: LnurlResponseProblem,
    reason: string,
    { cause }: { cause?: unknown } = {},
  ) {
    super(`The LNURL service at ${host} answered wrongly: ${reason}.`, {
      code: 'LNURL_BAD_RESPONSE',
      cause,
    })
    this.problem = problem
  }
}
