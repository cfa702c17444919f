import { BaseError } from '@btcfi/core'

/** The codes of the fiat package's errors, beside core's. */
export const fiatErrorCodes = [
  /** Too few sources answered, fresh and in agreement: there is no rate to trust. */
  'RATE_UNAVAILABLE',
  /** A currency no source of the oracle quotes, or not an ISO 4217 code it knows. */
  'CURRENCY_UNSUPPORTED',
] as const

export type FiatErrorCode = (typeof fiatErrorCodes)[number]

export class FiatError extends BaseError<FiatErrorCode> {
  override name = 'FiatError' as const
  constructor(code: FiatErrorCode, message: string, { cause }: { cause?: unknown } = {}) {
    super(message, { code, cause })
  }
}
