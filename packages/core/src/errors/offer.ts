import { BaseError } from './BaseError.js'

/**
 * Not a valid BOLT 12 offer (`lno1…`): not bech32, a malformed TLV stream,
 * or a field against the reader's rules of BOLT 12. The message says which.
 */
export class OfferDecodeError extends BaseError {
  override name = 'OfferDecodeError' as const
  constructor(reason: string, { cause }: { cause?: unknown } = {}) {
    super(`Invalid BOLT 12 offer: ${reason}.`, { code: 'OFFER_INVALID', cause })
  }
}
