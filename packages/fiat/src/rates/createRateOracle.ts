import { assertInteger } from '@btcfi/core'
import ky from 'ky'
import { FiatError } from '../errors/FiatError.js'
import { aggregateRates, type SourceRate } from './aggregateRates.js'
import { type Currency, decimalsOf } from './currencies.js'
import type { RateSource } from './rateSources.js'

/** A rate to act on: one number, its currency's exponent, and where it came from. */
export interface Rate {
  currency: Currency
  /** Minor units (cents, pence, yen) per bitcoin: 9_712_345n is $97,123.45. */
  minorPerBtc: bigint
  /** The currency's minor-unit exponent (2 for USD, 0 for JPY). */
  decimals: number
  atMs: number
  /** The sources that made the rate (after the staleness and outlier rules). */
  sources: SourceRate[]
}

export interface RateOracle {
  /** The trusted rate, or `FiatError` RATE_UNAVAILABLE; CURRENCY_UNSUPPORTED for a currency no source quotes. */
  getRate(currency: Currency, options?: { signal?: AbortSignal }): Promise<Rate>
}

export interface CreateRateOracleParameters {
  /** e.g. `[coinbaseRates(), krakenRates(), bitstampRates()]`. */
  sources: readonly RateSource[]
  /** Default 120 000 ms. */
  maxStalenessMs?: number | undefined
  /** Default 200 bps (2%). */
  maxDeviationBps?: bigint | undefined
  /** Default 2 (at most the number of sources quoting the currency). */
  minSources?: number | undefined
  /** Per request. Default 5 000 ms. */
  timeoutMs?: number | undefined
  /** A rate is reused for this long before the sources are asked again. Default 10 000 ms; 0: never. */
  cacheMs?: number | undefined
  now?: (() => number) | undefined
  fetch?: typeof globalThis.fetch | undefined
  /** Told about each source that failed or was dropped. */
  onSourceError?: ((name: string, error: unknown) => void) | undefined
}

/**
 * Bitcoin's rate in a currency from several exchanges at once (ky, no
 * retries), under the loan desk's own rules (`aggregateRates`): stale
 * answers dropped, outliers dropped, the median of the rest, if enough are
 * left. A rate is cached for `cacheMs`, and concurrent asks for one currency
 * share one round of requests, so a page full of prices costs one call per
 * source.
 *
 * @example
 * const rates = createRateOracle({ sources: [coinbaseRates(), krakenRates(), bitstampRates()] })
 * const eur = await rates.getRate('EUR')
 * msatToFiat(21_000_000n, eur, 'down') // euro cents
 */
export function createRateOracle(parameters: CreateRateOracleParameters): RateOracle {
  const { sources } = parameters
  if (!Array.isArray(sources) || sources.length === 0)
    throw new FiatError('RATE_UNAVAILABLE', 'A rate oracle needs at least one source.')
  const maxStalenessMs = parameters.maxStalenessMs ?? 120_000
  const maxDeviationBps = parameters.maxDeviationBps ?? 200n
  const timeoutMs = parameters.timeoutMs ?? 5_000
  const cacheMs = parameters.cacheMs ?? 10_000
  const now = parameters.now ?? Date.now
  assertInteger(maxStalenessMs, 'maxStalenessMs', { min: 1 })
  assertInteger(timeoutMs, 'timeoutMs', { min: 1 })
  assertInteger(cacheMs, 'cacheMs', { min: 0 })
  const http = ky.create({
    retry: 0,
    timeout: timeoutMs,
    headers: { accept: 'application/json' },
    ...(parameters.fetch ? { fetch: parameters.fetch } : {}),
  })
  const cache = new Map<Currency, { rate: Rate; untilMs: number }>()
  const asking = new Map<Currency, Promise<Rate>>()
  const report = (name: string, error: unknown) => {
    try {
      parameters.onSourceError?.(name, error)
    } catch {
      // a reporting callback cannot break pricing
    }
  }

  async function ask(
    source: RateSource,
    currency: Currency,
    signal?: AbortSignal,
  ): Promise<SourceRate> {
    const response = await http.get(source.url(currency), signal ? { signal } : {})
    const body: unknown = await response.json()
    const date = Date.parse(response.headers.get('date') ?? '')
    const { minorPerBtc, atMs } = source.parse(body, currency, Number.isNaN(date) ? now() : date)
    return { name: source.name, minorPerBtc, atMs }
  }

  async function fetchRate(currency: Currency, signal?: AbortSignal): Promise<Rate> {
    const decimals = decimalsOf(currency)
    const quoting = sources.filter((s) => s.currencies.includes(currency))
    if (quoting.length === 0)
      throw new FiatError('CURRENCY_UNSUPPORTED', `No source of this oracle quotes ${currency}.`)
    const minSources = Math.min(parameters.minSources ?? 2, quoting.length)
    const settled = await Promise.allSettled(quoting.map((s) => ask(s, currency, signal)))
    const answered: SourceRate[] = []
    for (const [i, result] of settled.entries()) {
      if (result.status === 'fulfilled') answered.push(result.value)
      else report(quoting[i]!.name, result.reason)
    }
    const result = aggregateRates(
      answered,
      { maxStalenessMs, maxDeviationBps, minSources },
      now(),
      quoting.length,
    )
    for (const { name, why } of result.dropped)
      report(
        name,
        new FiatError(
          'RATE_UNAVAILABLE',
          `${name}'s rate is ${why === 'stale' ? 'stale' : 'an outlier'}.`,
        ),
      )
    if (!result.ok) throw new FiatError('RATE_UNAVAILABLE', result.reason)
    return {
      currency,
      minorPerBtc: result.minorPerBtc,
      decimals,
      atMs: result.atMs,
      sources: result.sources,
    }
  }

  return {
    async getRate(currency, options = {}) {
      decimalsOf(currency)
      const cached = cache.get(currency)
      if (cached !== undefined && cached.untilMs > now()) return cached.rate
      let pending = asking.get(currency)
      if (pending === undefined) {
        pending = fetchRate(currency, options.signal).finally(() => asking.delete(currency))
        asking.set(currency, pending)
      }
      const rate = await pending
      if (cacheMs > 0) cache.set(currency, { rate, untilMs: now() + cacheMs })
      return rate
    },
  }
}
