import { FiatError } from '../errors/FiatError.js'
import { type Currency, decimalsOf } from './currencies.js'
import { parseDecimal } from './parseDecimal.js'

/** How to ask one exchange for the bitcoin rate in a currency, and read its answer. */
export interface RateSource {
  name: string
  /** The currencies it quotes. */
  currencies: readonly Currency[]
  url(currency: Currency): string
  /**
   * Reads the JSON body. `fetchedAtMs` is when the answer arrived (from its
   * `Date` header when present): the time for sources that give none.
   */
  parse(
    body: unknown,
    currency: Currency,
    fetchedAtMs: number,
  ): { minorPerBtc: bigint; atMs: number }
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

function minorOf(text: unknown, currency: Currency, source: string): bigint {
  const minor = parseDecimal(text, decimalsOf(currency))
  if (minor === undefined || minor <= 0n)
    throw new FiatError('RATE_UNAVAILABLE', `${source} sent a price that is not a plain decimal.`)
  return minor
}

/** Coinbase: `GET /v2/prices/BTC-EUR/spot` → `{"data":{"amount":"91234.56","base":"BTC","currency":"EUR"}}`. */
export function coinbaseRates(baseUrl = 'https://api.coinbase.com'): RateSource {
  return {
    name: 'coinbase',
    currencies: ['USD', 'EUR', 'GBP', 'CHF', 'CAD', 'AUD', 'JPY'],
    url: (currency) => `${root(baseUrl)}/v2/prices/BTC-${currency}/spot`,
    parse(body, currency, fetchedAtMs) {
      if (field(body, 'data', 'base') !== 'BTC' || field(body, 'data', 'currency') !== currency)
        throw new FiatError('RATE_UNAVAILABLE', 'coinbase answered for another pair.')
      return {
        minorPerBtc: minorOf(field(body, 'data', 'amount'), currency, 'coinbase'),
        atMs: fetchedAtMs,
      }
    },
  }
}

/**
 * Kraken: `GET /0/public/Ticker?pair=XBTEUR` →
 * `{"error":[],"result":{"XXBTZEUR":{"c":["91234.50000","0.001"],…}}}`; `c` is the last trade.
 */
export function krakenRates(baseUrl = 'https://api.kraken.com'): RateSource {
  return {
    name: 'kraken',
    currencies: ['USD', 'EUR', 'GBP', 'CHF', 'CAD', 'AUD', 'JPY'],
    url: (currency) => `${root(baseUrl)}/0/public/Ticker?pair=XBT${currency}`,
    parse(body, currency, fetchedAtMs) {
      const errors = field(body, 'error')
      if (Array.isArray(errors) && errors.length > 0)
        throw new FiatError(
          'RATE_UNAVAILABLE',
          `kraken answered an error: ${String(errors[0]).slice(0, 100)}`,
        )
      // Kraken names the pair XXBTZUSD for some currencies and XBTCHF for others.
      const result = field(body, 'result')
      const names =
        typeof result === 'object' && result !== null ? Object.keys(result) : ([] as string[])
      const pair = names.find((name) => name.endsWith(currency) && /XBT/.test(name))
      const last = pair === undefined ? undefined : field(result, pair, 'c')
      return {
        minorPerBtc: minorOf(Array.isArray(last) ? last[0] : undefined, currency, 'kraken'),
        atMs: fetchedAtMs,
      }
    },
  }
}

/**
 * Bitstamp: `GET /api/v2/ticker/btceur/` → `{"timestamp":"1733241600","last":"91234",…}`
 * (the timestamp in seconds: a stale ticker is seen as such).
 */
export function bitstampRates(baseUrl = 'https://www.bitstamp.net'): RateSource {
  return {
    name: 'bitstamp',
    currencies: ['USD', 'EUR', 'GBP'],
    url: (currency) => `${root(baseUrl)}/api/v2/ticker/btc${currency.toLowerCase()}/`,
    parse(body, currency) {
      const timestamp = field(body, 'timestamp')
      if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp))
        throw new FiatError('RATE_UNAVAILABLE', 'bitstamp sent no timestamp.')
      return {
        minorPerBtc: minorOf(field(body, 'last'), currency, 'bitstamp'),
        atMs: Number(timestamp) * 1_000,
      }
    },
  }
}

/**
 * Binance: `GET /api/v3/ticker/price?symbol=BTCUSDT` →
 * `{"symbol":"BTCUSDT","price":"97123.45000000"}`. USD is read from the
 * USDT pair (a dollar stablecoin), EUR from BTCEUR.
 */
export function binanceRates(baseUrl = 'https://api.binance.com'): RateSource {
  const symbol = (currency: Currency) => (currency === 'USD' ? 'BTCUSDT' : `BTC${currency}`)
  return {
    name: 'binance',
    currencies: ['USD', 'EUR'],
    url: (currency) => `${root(baseUrl)}/api/v3/ticker/price?symbol=${symbol(currency)}`,
    parse(body, currency, fetchedAtMs) {
      if (field(body, 'symbol') !== symbol(currency))
        throw new FiatError('RATE_UNAVAILABLE', 'binance answered for another symbol.')
      return { minorPerBtc: minorOf(field(body, 'price'), currency, 'binance'), atMs: fetchedAtMs }
    },
  }
}
