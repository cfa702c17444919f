import {
  AbortedError,
  type BaseError,
  fromLndError,
  InvalidArgumentError,
  NodeUnreachableError,
  ProtocolError,
  redact,
  TimeoutError,
} from '@btcfi/core'

// The one place this package builds core's errors for transport failures.
// lnd's own errors (a non-2xx body, a stream's error line) all go through
// `fromLndError`. A `cause` is fetch's own error (it never holds the request
// or its headers), never a Request object: its headers hold the macaroon.
// `secrets` (the macaroon) are removed from the message and the whole cause
// chain all the same, in case an error underneath quotes them.

export function unreachable(
  target: string,
  cause: unknown,
  details?: string,
  secrets: readonly string[] = [],
): BaseError {
  return new NodeUnreachableError(
    target,
    details === undefined ? { cause, secrets } : { cause, details, secrets },
  )
}

export function timedOut(target: string, timeoutMs: number): BaseError {
  return new TimeoutError(`The call to ${target}`, {
    details: `no answer within ${timeoutMs} ms (timeoutMs)`,
  })
}

export function aborted(cause: unknown, secrets: readonly string[] = []): BaseError {
  return new AbortedError('The call', { cause, secrets })
}

export function protocol(
  message: string,
  cause?: unknown,
  secrets: readonly string[] = [],
): BaseError {
  return new ProtocolError(message, { cause, secrets })
}

/** A bad argument, named; `received` says what it was without showing it (it may be a secret). */
export function invalidArgument(
  argument: string,
  expected: string,
  options: { received?: string; cause?: unknown } = {},
): BaseError {
  return new InvalidArgumentError(argument, expected, options)
}

/**
 * lnd's error body → a core error. Unary failures send `{code, message, details}`;
 * a stream that fails before its first message sends `{"error": {...}}` with a
 * non-2xx status. Anything else (a proxy's HTML page) keeps its text, trimmed,
 * with `secrets` (the macaroon: a debugging proxy may echo headers) redacted.
 */
export function errorFromBody(
  status: number,
  text: string,
  target: string,
  secrets: readonly string[],
): BaseError {
  let message: string | undefined
  let grpcCode: number | undefined
  try {
    const parsed: unknown = JSON.parse(text)
    const body = isObject(parsed) && isObject(parsed.error) ? parsed.error : parsed
    if (isObject(body)) {
      if (typeof body.message === 'string') message = body.message
      if (typeof body.code === 'number') grpcCode = body.code
    }
  } catch {
    // not JSON: fall through to the text
  }
  // Redacted before it is cut: a cut secret would no longer match.
  message =
    message === undefined ? redact(text, secrets).trim().slice(0, 200) : redact(message, secrets)
  return lndError(message || `HTTP ${status}`, grpcCode, status, target)
}

/** An `{"error": {...}}` line of a stream → a core error, `secrets` redacted from its message. */
export function errorFromLine(
  error: unknown,
  target: string | undefined,
  secrets: readonly string[] = [],
): BaseError {
  const body = isObject(error) ? error : {}
  const message =
    typeof body.message === 'string'
      ? redact(body.message, secrets)
      : 'lnd ended the stream with an error'
  const grpcCode = typeof body.code === 'number' ? body.code : undefined
  return lndError(message, grpcCode, undefined, target)
}

function lndError(
  message: string,
  grpcCode: number | undefined,
  httpStatus: number | undefined,
  target: string | undefined,
): BaseError {
  const input: { message: string; grpcCode?: number; httpStatus?: number; target?: string } = {
    message,
  }
  if (grpcCode !== undefined) input.grpcCode = grpcCode
  if (httpStatus !== undefined) input.httpStatus = httpStatus
  if (target !== undefined) input.target = target
  return fromLndError(input)
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
