import { BaseError } from './BaseError.js'

/**
 * Something the node cannot do, refused before any call to it: paying a
 * BOLT 12 offer with lnd. `feature` names what is missing; the message says
 * what to do instead.
 */
export class UnsupportedError extends BaseError {
  override name = 'UnsupportedError' as const
  /** What the node does not support, e.g. `'bolt12-offer'`. */
  readonly feature: string
  constructor(feature: string, message: string, { cause }: { cause?: unknown } = {}) {
    super(message, { code: 'UNSUPPORTED', cause })
    this.feature = feature
  }
}
