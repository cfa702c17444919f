import { assertInteger } from '@btcfi/core'
import { aggregateRates } from '@btcfi/fiat'
import ky from 'ky'
import { LoanError } from '../errors/LoanError.js'
import { assertAmountIn } from '../validate/assertAmountIn.js'
import type { PriceOracle, PriceSnapshot, SourcePrice } from './PriceOracle.js'
import type { PriceSource } from './priceSources.js'

export interface HttpOracleParameters {
  /** e.g. `[coinbaseSource(), krakenSource(), bitstampSource()]`. */
  sources: readonly PriceSource[]
  /** A source's price older than this is dropped. Default 120 000 ms. */
  maxStalenessMs?: number
  /** A source further than this from the median is dropped. Default 200 bps (2%). */
  maxDeviationBps?: bigint
  /** Fewer sources left than this and there is no price. Default 2 (at most the number of sources). */
  minSources?: number
  /** Per request. Default 5 000 ms. */
  timeoutMs?: number
  /** The clock (tests). */
  now?: () => number
  /** A fetch of your own (a proxy, tests). Default the global one. */
  fetch?: typeof globalThis.fetch
  /** Told about each source that failed or was dropped (no secret in it). */
  onSourceError?: (name: string, error: unknown) => void
}

/**
 * The median BTC/USD of several exchanges, over HTTP (ky, no retries): each
 * source asked at once, stale answers (older than `maxStalenessMs`) and
 * outliers (beyond `maxDeviationBps` of the first median) dropped, the median
 * of what is left returned. Fewer than `minSources` left: `PRICE_UNAVAILABLE`.
 *
 * @example
 * const oracle = httpOracle({ sources: [coinbaseSource(), krakenSource(), bitstampSource()] })
 * const { centsPerBtc } = await oracle.getPrice()
 */
export function httpOracle(parameters: HttpOracleParameters): PriceOracle {
  const { sources } = parameters
  if (!Array.isArray(sources) || sources.length === 0) {
    throw new LoanError('TERMS_INVALID', 'httpOracle needs at least one source.')
  }
  const maxStalenessMs = parameters.maxStalenessMs ?? 120_000
  const maxDeviationBps = parameters.maxDeviationBps ?? 200n
  const minSources = parameters.minSources ?? Math.min(2, sources.length)
  const timeoutMs = parameters.timeoutMs ?? 5_000
  const now = parameters.now ?? Date.now
  assertInteger(maxStalenessMs, 'maxStalenessMs', { min: 1 })
  assertAmountIn(maxDeviationBps, 'maxDeviationBps', 1n)
  assertInteger(minSources, 'minSources', { min: 1, max: sources.length })
  assertInteger(timeoutMs, 'timeoutMs', { min: 1 })
  const http = ky.create({
    retry: 0,
    timeout: timeoutMs,
    headers: { accept: 'application/json' },
    ...(parameters.fetch ? { fetch: parameters.fetch } : {}),
  })
  const report = (name: string, error: unknown) => {
    try {
      parameters.onSourceError?.(name, error)
    } catch {
      // a reporting callback cannot break pricing
    }
  }

  async function ask(source: PriceSource, signal: AbortSignal | undefined): Promise<SourcePrice> {
    const response = await http.get(source.url, signal ? { signal } : {})
    const body: unknown = await response.json()
    const date = Date.parse(response.headers.get('date') ?? '')
    const { centsPerBtc, atMs } = source.parse(body, Number.isNaN(date) ? now() : date)
    if (centsPerBtc <= 0n) {
      throw new LoanError('PRICE_UNAVAILABLE', `${source.name} sent a zero price.`)
    }
    return { name: source.name, centsPerBtc, atMs }
  }

  return {
    async getPrice(options = {}): Promise<PriceSnapshot> {
      const settled = await Promise.allSettled(sources.map((source) => ask(source, options.signal)))
      const answered: SourcePrice[] = []
      for (const [i, result] of settled.entries()) {
        if (result.status === 'rejected') report(sources[i]!.name, result.reason)
        else answered.push(result.value)
      }
      const result = aggregateRates(
        answered.map(({ name, centsPerBtc, atMs }) => ({ name, minorPerBtc: centsPerBtc, atMs })),
        { maxStalenessMs, maxDeviationBps, minSources },
        now(),
        sources.length,
      )
      for (const { name, why } of result.dropped) {
        const what = why === 'stale' ? 'stale' : 'an outlier'
        report(name, new LoanError('PRICE_UNAVAILABLE', `${name}'s price is ${what}.`))
      }
      if (!result.ok) throw new LoanError('PRICE_UNAVAILABLE', result.reason)
      return {
        centsPerBtc: result.minorPerBtc,
        atMs: result.atMs,
        sources: result.sources.map(({ name, minorPerBtc, atMs }) => ({
          name,
          centsPerBtc: minorPerBtc,
          atMs,
        })),
      }
    },
  }
}
