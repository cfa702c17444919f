import { LoanError } from '../errors/LoanError.js'
import { parseUsdCents } from './parseUsdCents.js'

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

function field(value: unknown, ...path: string[]): unknown {
  let current = value
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

const root = (baseUrl: string) => baseUrl.replace(/\/+$/, '')

/** Coinbase: `GET /v2/prices/BTC-USD/spot` → `{"data":{"amount":"97123.45","base":"BTC","currency":"USD"}}`. */
export function coinbaseSource(baseUrl = 'https://api.coinbase.com'): PriceSource {
  return {
    name: 'coinbase',
    url: `${root(baseUrl)}/v2/prices/BTC-USD/spot`,
    parse(body, fetchedAtMs) {
      if (field(body, 'data', 'base') !== 'BTC' || field(body, 'data', 'currency') !== 'USD') {
        throw new LoanError('PRICE_UNAVAILABLE', 'coinbase answered for another pair.')
      }
      return {
        centsPerBtc: parseUsdCents(field(body, 'data', 'amount'), 'coinbase'),
        atMs: fetchedAtMs,
      }
    },
  }
}

/**
 * Kraken: `GET /0/public/Ticker?pair=XBTUSD` →
 * `{"error":[],"result":{"XXBTZUSD":{"a":[…],"b":[…],"c":["97123.40000","0.001"],…}}}`; `c` is the last trade.
 */
export function krakenSource(baseUrl = 'https://api.kraken.com'): PriceSource {
  return {
    name: 'kraken',
    url: `${root(baseUrl)}/0/public/Ticker?pair=XBTUSD`,
    parse(body, fetchedAtMs) {
      const errors = field(body, 'error')
      if (Array.isArray(errors) && errors.length > 0) {
        throw new LoanError('PRICE_UNAVAILABLE', `kraken answered an error: ${String(errors[0])}`)
      }
      const last = field(body, 'result', 'XXBTZUSD', 'c')
      return {
        centsPerBtc: parseUsdCents(Array.isArray(last) ? last[0] : undefined, 'kraken'),
        atMs: fetchedAtMs,
      }
    },
  }
}

/**
 * Bitstamp: `GET /api/v2/ticker/btcusd/` → `{"timestamp":"1733241600","last":"97123",…}`
 * (the timestamp in seconds: a stale ticker is seen as such).
 */
export function bitstampSource(baseUrl = 'https://www.bitstamp.net'): PriceSource {
  return {
    name: 'bitstamp',
    url: `${root(baseUrl)}/api/v2/ticker/btcusd/`,
    parse(body) {
      const timestamp = field(body, 'timestamp')
      if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) {
        throw new LoanError('PRICE_UNAVAILABLE', 'bitstamp sent no timestamp.')
      }
      return {
        centsPerBtc: parseUsdCents(field(body, 'last'), 'bitstamp'),
        atMs: Number(timestamp) * 1_000,
      }
    },
  }
}

/** Binance: `GET /api/v3/ticker/price?symbol=BTCUSDT` → `{"symbol":"BTCUSDT","price":"97123.45000000"}` (USDT taken as USD). */
export function binanceSource(baseUrl = 'https://api.binance.com'): PriceSource {
  return {
    name: 'binance',
    url: `${root(baseUrl)}/api/v3/ticker/price?symbol=BTCUSDT`,
    parse(body, fetchedAtMs) {
      if (field(body, 'symbol') !== 'BTCUSDT') {
        throw new LoanError('PRICE_UNAVAILABLE', 'binance answered for another symbol.')
      }
      return { centsPerBtc: parseUsdCents(field(body, 'price'), 'binance'), atMs: fetchedAtMs }
    },
  }
}
