import { errorToJson, type JsonValue } from './errorToJson.js'
import { redact } from './redact.js'
import { redactCause, secretsIn } from './redactCause.js'

/** Every stable error code of the SDK. */
export const errorCodes = [
  'INVALID_ARGUMENT',
  'INVALID_AMOUNT',
  'INVALID_CONFIGURATION',
  'INVOICE_INVALID',
  'INVOICE_EXPIRED',
  'INVOICE_WRONG_NETWORK',
  'INVOICE_AMOUNT',
  'OFFER_INVALID',
  'NODE_UNREACHABLE',
  'TIMEOUT',
  'ABORTED',
  'PERMISSION_DENIED',
  'WALLET_LOCKED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'INVOICE_STATE',
  'NO_ROUTE',
  'INSUFFICIENT_BALANCE',
  'ALREADY_PAID',
  'PAYMENT_IN_FLIGHT',
  'PAYMENT_FAILED',
  'NODE_ERROR',
  'PROTOCOL',
  'LNC_PAIRING_FAILED',
  'LNC_SESSION_EXPIRED',
  'LNURL_INVALID',
  'LNURL_INSECURE',
  'LNURL_SERVICE_ERROR',
  'LNURL_BAD_RESPONSE',
  'L402_CHALLENGE',
  'UNSUPPORTED',
] as const

export type ErrorCode = (typeof errorCodes)[number]

export interface BaseErrorOptions<Code extends string = ErrorCode> {
  /** The stable code: one of `errorCodes`, or a package's own (`LoanError`'s). */
  code: Code
  /** What went wrong underneath; kept as `cause`, redacted (see `BaseError`). */
  cause?: unknown
  /** More about what happened (redacted like the message). */
  details?: string
  /** Extra lines shown under the message. */
  metaMessages?: readonly string[]
  /**
   * Secret values known to the code that throws (a backend's macaroon):
   * removed from the message, the details and the whole cause chain. Never
   * stored.
   */
  secrets?: readonly string[]
}

/**
 * The root of every error the SDK throws. `code` is stable and
 * machine-readable; `shortMessage` is one line for people; `cause` chains to
 * what went wrong underneath. No secret (macaroon, preimage, seed, pairing
 * phrase) reaches a message, nor the cause chain: the texts pass through
 * `redact`, and the cause is the caller's value when it holds no secret, else
 * a redacted copy of it (same prototype, so `instanceof` and `code` still
 * work; the value of any secret field name down the chain, such as
 * `preimage` or a `Grpc-Metadata-macaroon` header, is `[redacted]`, and
 * removed wherever else it is written). So `JSON.stringify(error)` (see
 * `toJSON`), `util.inspect`, `console.log`, `String(error)`, `error.stack`,
 * test snapshots and loggers that walk `cause` show no secret.
 */
export class BaseError<Code extends string = ErrorCode> extends Error {
  override name = 'BaseError'
  readonly code: Code
  readonly shortMessage: string
  readonly details: string | undefined
  readonly metaMessages: readonly string[] | undefined

  constructor(shortMessage: string, options: BaseErrorOptions<Code>) {
    const hasCause = options.cause !== undefined
    const secrets = [...(options.secrets ?? []), ...(hasCause ? secretsIn(options.cause) : [])]
    const short = redact(shortMessage, secrets)
    const details = options.details === undefined ? undefined : redact(options.details, secrets)
    const meta = options.metaMessages?.map((line) => redact(line, secrets))
    const message = [
      short,
      ...(meta && meta.length > 0 ? ['', ...meta] : []),
      ...(details ? ['', `Details: ${details}`] : []),
    ].join('\n')
    super(message, hasCause ? { cause: redactCause(options.cause, secrets) } : undefined)
    this.code = options.code
    this.shortMessage = short
    this.details = details
    this.metaMessages = meta
  }

  /**
   * The error as JSON data, for `JSON.stringify` (logs, error trackers, an
   * HTTP reply): `name`, `message`, `code`, `shortMessage`, `details`,
   * `metaMessages`, the subclass's fields, and the cause chain rendered the
   * same way (each cause's name, message and fields), all redacted again.
   * Bigints are decimal strings; there is no stack.
   */
  toJSON(): { [key: string]: JsonValue } {
    return errorToJson(this)
  }

  /**
   * Walks the cause chain. Without `fn`, returns the deepest cause; with it,
   * the first error (this one included) for which `fn` is true, or null.
   */
  walk(fn?: (error: unknown) => boolean): unknown {
    let current: unknown = this
    const seen = new Set<unknown>()
    while (current !== undefined && current !== null && !seen.has(current)) {
      seen.add(current)
      if (fn?.(current)) return current
      const next = (current as { cause?: unknown }).cause
      if (next === undefined || next === null) break
      current = next
    }
    return fn ? null : current
  }
}

/**
 * True for an SDK error of any package (core's codes, or a package's own such
 * as `LoanError`'s), also one from another copy of the package or another realm.
 */
export function isBaseError(error: unknown): error is BaseError<ErrorCode | (string & {})> {
  if (error instanceof BaseError) return true
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) && 'shortMessage' in error
}

/** True when the error, or one in its cause chain, has the code. */
export function hasErrorCode(error: unknown, code: ErrorCode | (string & {})): boolean {
  let current: unknown = error
  const seen = new Set<unknown>()
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current)
    if (isBaseError(current) && current.code === code) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}
