import { BaseError } from './BaseError.js'

interface LncErrorOptions {
  cause?: unknown
  details?: string
}

/**
 * Lightning Node Connect could not pair or reconnect: the pairing phrase was
 * already used or is unknown, the stored credentials are missing or cannot be
 * decrypted with the password, or the mailbox cannot be reached.
 */
export class LncPairingError extends BaseError {
  override name = 'LncPairingError' as const
  constructor(reason: string, { cause, details }: LncErrorOptions = {}) {
    super(`Lightning Node Connect could not connect: ${reason}.`, {
      code: 'LNC_PAIRING_FAILED',
      cause,
      ...(details ? { details } : {}),
    })
  }
}

/** The LNC session has expired: the node no longer accepts its calls. */
export class LncSessionExpiredError extends BaseError {
  override name = 'LncSessionExpiredError' as const
  readonly expiredAt: Date | undefined
  constructor(expiredAt?: Date, { cause }: LncErrorOptions = {}) {
    super(
      `The Lightning Node Connect session has expired${expiredAt ? ` (at ${expiredAt.toISOString()})` : ''}: pair again with a new phrase.`,
      { code: 'LNC_SESSION_EXPIRED', cause },
    )
    this.expiredAt = expiredAt
  }
}
