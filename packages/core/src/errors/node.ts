import { BaseError } from './BaseError.js'

interface NodeErrorOptions {
  cause?: unknown
  details?: string
  /** Secret values to remove from the message, the details and the cause chain (see BaseErrorOptions). */
  secrets?: readonly string[] | undefined
}

/** The options BaseError takes from a NodeErrorOptions, the undefined ones left out. */
function pass({ cause, details, secrets }: NodeErrorOptions) {
  return {
    ...(cause === undefined ? {} : { cause }),
    ...(details ? { details } : {}),
    ...(secrets ? { secrets } : {}),
  }
}

/** The node could not be reached (connection refused, TLS failure, DNS). */
export class NodeUnreachableError extends BaseError {
  override name = 'NodeUnreachableError' as const
  constructor(target: string, options: NodeErrorOptions = {}) {
    super(`Cannot reach the node at ${target}.`, { code: 'NODE_UNREACHABLE', ...pass(options) })
  }
}

export class TimeoutError extends BaseError {
  override name = 'TimeoutError' as const
  constructor(what: string, options: NodeErrorOptions = {}) {
    super(`${what} timed out.`, { code: 'TIMEOUT', ...pass(options) })
  }
}

/** The caller aborted the call (AbortSignal). */
export class AbortedError extends BaseError {
  override name = 'AbortedError' as const
  constructor(what: string, { cause, secrets }: NodeErrorOptions = {}) {
    super(`${what} was aborted.`, { code: 'ABORTED', ...pass({ cause, secrets }) })
  }
}

/** The macaroon does not grant this call. */
export class PermissionDeniedError extends BaseError {
  override name = 'PermissionDeniedError' as const
  constructor(details: string, { cause }: NodeErrorOptions = {}) {
    super('The node refused the call: the macaroon does not grant this permission.', {
      code: 'PERMISSION_DENIED',
      details,
      cause,
    })
  }
}

export class WalletLockedError extends BaseError {
  override name = 'WalletLockedError' as const
  constructor({ cause }: NodeErrorOptions = {}) {
    super('The node’s wallet is locked: unlock it to use the node.', {
      code: 'WALLET_LOCKED',
      cause,
    })
  }
}

export class NotFoundError extends BaseError {
  override name = 'NotFoundError' as const
  constructor(what: string, { cause, details }: NodeErrorOptions = {}) {
    super(`${what} not found.`, { code: 'NOT_FOUND', cause, ...(details ? { details } : {}) })
  }
}

export class AlreadyExistsError extends BaseError {
  override name = 'AlreadyExistsError' as const
  constructor(what: string, { cause, details }: NodeErrorOptions = {}) {
    super(`${what} already exists.`, {
      code: 'ALREADY_EXISTS',
      cause,
      ...(details ? { details } : {}),
    })
  }
}

/** Any other error lnd returned. */
export class NodeError extends BaseError {
  override name = 'NodeError' as const
  readonly grpcCode: number | undefined
  readonly httpStatus: number | undefined
  constructor(
    message: string,
    {
      grpcCode,
      httpStatus,
      cause,
    }: { grpcCode?: number; httpStatus?: number; cause?: unknown } = {},
  ) {
    super(`The node returned an error: ${message}`, { code: 'NODE_ERROR', cause })
    this.grpcCode = grpcCode
    this.httpStatus = httpStatus
  }
}

/** A response that does not have the shape lnd documents. */
export class ProtocolError extends BaseError {
  override name = 'ProtocolError' as const
  constructor(message: string, options: NodeErrorOptions = {}) {
    super(message, { code: 'PROTOCOL', ...pass(options) })
  }
}
