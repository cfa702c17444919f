import { isBaseError } from '@btcfi/core'
import {
  binanceRates,
  bitstampRates,
  coinbaseRates,
  krakenRates,
  type RateSource,
} from '@btcfi/fiat'
import { LoanError } from '../errors/LoanError.js'

/** How to ask one exchange for BTC/USD and read its answer. */
export interface PriceSource {
  name: string
  url: string
  /**
   * Reads the JSON body. `fetchedAtMs` is when the answer arrived (from its
   * `Date` header when present): the time for sources that give none.
   */
  parse(body: unknown, fetchedAtMs: number): { centsPerBtc: bigint; atMs: number }
}

/** @btcfi/fiat's source in USD, its refusals as the desk's PRICE_UNAVAILABLE. */
function inUsd(source: RateSource): PriceSource {
  return {
    name: source.name,
    url: source.url('USD'),
    parse(body, fetchedAtMs) {
      try {
        const { minorPerBtc, atMs } = source.parse(body, 'USD', fetchedAtMs)
        return { centsPerBtc: minorPerBtc, atMs }
      } catch (error) {
        const message = isBaseError(error) ? error.shortMessage : `${source.name} answered wrongly.`
        throw new LoanError('PRICE_UNAVAILABLE', message, { cause: error })
      }
    },
  }
}

/** Coinbase: `GET /v2/prices/BTC-USD/spot` (@btcfi/fiat's `coinbaseRates`). */
export const coinbaseSource = (baseUrl?: string): PriceSource => inUsd(coinbaseRates(baseUrl))

/** Kraken: `GET /0/public/Ticker?pair=XBTUSD`, the last trade (@btcfi/fiat's `krakenRates`). */
export const krakenSource = (baseUrl?: string): PriceSource => inUsd(krakenRates(baseUrl))

/** Bitstamp: `GET /api/v2/ticker/btcusd/`, with its own timestamp (@btcfi/fiat's `bitstampRates`). */
export const bitstampSource = (baseUrl?: string): PriceSource => inUsd(bitstampRates(baseUrl))

/** Binance: `GET /api/v3/ticker/price?symbol=BTCUSDT`, USDT taken as USD (@btcfi/fiat's `binanceRates`). */
export const binanceSource = (baseUrl?: string): PriceSource => inUsd(binanceRates(baseUrl))
