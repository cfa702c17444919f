// @btcfi/fiat: bitcoin rates in many currencies from several exchanges, under
// one rule (median, staleness, outliers), and exact bigint conversion.

export { fiatToMsat, msatToFiat, type RateLike, type Rounding } from './convert/convert.js'
export { FiatError, type FiatErrorCode, fiatErrorCodes } from './errors/FiatError.js'
export {
  type AggregateResult,
  aggregateRates,
  type Dropped,
  isOutlier,
  medianRate,
  type RateRules,
  type SourceRate,
} from './rates/aggregateRates.js'
export {
  type CreateRateOracleParameters,
  createRateOracle,
  type Rate,
  type RateOracle,
} from './rates/createRateOracle.js'
export { type Currency, currencyDecimals, decimalsOf } from './rates/currencies.js'
export { parseDecimal } from './rates/parseDecimal.js'
export {
  binanceRates,
  bitstampRates,
  coinbaseRates,
  krakenRates,
  type RateSource,
} from './rates/rateSources.js'
