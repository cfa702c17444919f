import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpOracle } from './httpOracle.js'
import { isOutlier, medianPrice } from './medianPrice.js'
import { parseUsdCents } from './parseUsdCents.js'
import { binanceSource, bitstampSource, coinbaseSource, krakenSource } from './priceSources.js'
import { scriptedOracle } from './scriptedOracle.js'

const recorded = (name: string) =>
  readFileSync(new URL(`./recorded/${name}.json`, import.meta.url), 'utf8')
const NOW = Date.parse('2026-11-20T12:00:00Z')

/** What each exchange's path answers; tests change it. */
let routes: Record<string, { status?: number; body: string }> = {}
let server: Server
let base = ''

function realisticRoutes(): typeof routes {
  return {
    '/v2/prices/BTC-USD/spot': { body: recorded('coinbase') },
    '/0/public/Ticker?pair=XBTUSD': { body: recorded('kraken') },
    '/api/v2/ticker/btcusd/': {
      body: recorded('bitstamp').replace('TIMESTAMP', String(NOW / 1000 - 5)),
    },
    '/api/v3/ticker/price?symbol=BTCUSDT': { body: recorded('binance') },
  }
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const route = routes[request.url ?? '']
    response.writeHead(route?.status ?? (route ? 200 : 404), {
      'content-type': 'application/json',
      date: new Date(NOW - 1_000).toUTCString(),
    })
    response.end(route?.body ?? '{"message":"not found"}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const allSources = () => [
  coinbaseSource(base),
  krakenSource(base),
  bitstampSource(base),
  binanceSource(base),
]

describe('httpOracle against recorded exchange answers', () => {
  it('takes the median of four exchanges', async () => {
    routes = realisticRoutes()
    const oracle = httpOracle({ sources: allSources(), now: () => NOW })
    const price = await oracle.getPrice()
    // 97098.00, 97123.45, 97140.01, 97150.10 → (9712345 + 9714001) / 2
    expect(price.centsPerBtc).toBe(9_713_173n)
    expect(price.sources.map((s) => [s.name, s.centsPerBtc])).toEqual([
      ['coinbase', 9_712_345n],
      ['kraken', 9_715_010n],
      ['bitstamp', 9_709_800n],
      ['binance', 9_714_001n],
    ])
    expect(price.atMs).toBe(NOW - 5_000)
  })

  it('drops a stale source, an outlier and a failing one', async () => {
    routes = realisticRoutes()
    routes['/api/v2/ticker/btcusd/'] = {
      body: recorded('bitstamp').replace('TIMESTAMP', String(NOW / 1000 - 600)),
    }
    routes['/api/v3/ticker/price?symbol=BTCUSDT'] = {
      body: '{"symbol":"BTCUSDT","price":"50000.00"}',
    }
    routes['/v2/prices/BTC-USD/spot'] = { status: 503, body: '{"errors":[{"id":"unavailable"}]}' }
    routes['/again/v2/prices/BTC-USD/spot'] = { body: recorded('coinbase') }
    const dropped: string[] = []
    const oracle = httpOracle({
      sources: [...allSources(), coinbaseSource(`${base}/again`)],
      now: () => NOW,
      minSources: 1,
      onSourceError: (name, error) =>
        dropped.push(`${name}: ${(error as Error).message.split('\n')[0]}`),
    })
    const price = await oracle.getPrice()
    // fresh: kraken 97150.10, binance 50000 (outlier), coinbase (again) 97123.45
    expect(price.sources.map((s) => s.name)).toEqual(['kraken', 'coinbase'])
    expect(price.centsPerBtc).toBe((9_715_010n + 9_712_345n) / 2n)
    expect(dropped).toEqual([
      expect.stringMatching(/^coinbase: .*503/),
      "bitstamp: bitstamp's price is stale.",
      "binance: binance's price is an outlier.",
    ])
  })

  it('gives no price when too few sources answer or agree', async () => {
    routes = realisticRoutes()
    routes['/0/public/Ticker?pair=XBTUSD'] = {
      body: '{"error":["EService:Unavailable"],"result":{}}',
    }
    routes['/api/v3/ticker/price?symbol=BTCUSDT'] = { body: 'not json' }
    routes['/api/v2/ticker/btcusd/'] = { body: '{"last":"97000"}' }
    const oracle = httpOracle({ sources: allSources(), now: () => NOW, minSources: 2 })
    await expect(oracle.getPrice()).rejects.toMatchObject({
      name: 'LoanError',
      reason: 'PRICE_UNAVAILABLE',
      shortMessage: 'Only 1 of 4 price sources answered in time (need 2).',
    })
    routes = realisticRoutes()
    routes['/api/v3/ticker/price?symbol=BTCUSDT'] = {
      body: '{"symbol":"BTCUSDT","price":"150000"}',
    }
    routes['/0/public/Ticker?pair=XBTUSD'] = {
      body: recorded('kraken').replace('"c":["97150.10000"', '"c":["160000.0"'),
    }
    const split = httpOracle({
      sources: allSources().slice(1),
      now: () => NOW,
      minSources: 2,
      maxDeviationBps: 100n,
    })
    // kraken 160000, bitstamp 97098, binance 150000: the median is 150000 and only binance is within 1%
    await expect(split.getPrice()).rejects.toMatchObject({ reason: 'PRICE_UNAVAILABLE' })
  })

  it('times out a source that does not answer', async () => {
    const slow = createServer(() => {})
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve))
    const slowBase = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`
    routes = realisticRoutes()
    const oracle = httpOracle({
      sources: [coinbaseSource(base), krakenSource(slowBase)],
      timeoutMs: 200,
      minSources: 1,
      now: () => NOW,
    })
    const price = await oracle.getPrice()
    expect(price.sources.map((s) => s.name)).toEqual(['coinbase'])
    slow.closeAllConnections()
    await new Promise<void>((resolve) => slow.close(() => resolve()))
  })
})

describe('price helpers', () => {
  it('parses decimal USD exactly, half up to the cent', () => {
    expect(parseUsdCents('97123.45', 's')).toBe(9_712_345n)
    expect(parseUsdCents('97123.455', 's')).toBe(9_712_346n)
    expect(parseUsdCents('97123.454999', 's')).toBe(9_712_345n)
    expect(parseUsdCents('97123', 's')).toBe(9_712_300n)
    expect(parseUsdCents('97123.4', 's')).toBe(9_712_340n)
    for (const bad of ['', '-1', '1e5', '97,123.45', 97123.45, null, '0x10', 'NaN']) {
      expect(() => parseUsdCents(bad, 's')).toThrow(
        expect.objectContaining({ reason: 'PRICE_UNAVAILABLE' }),
      )
    }
  })
  it('median and outliers', () => {
    expect(medianPrice([3n, 1n, 2n])).toBe(2n)
    expect(medianPrice([4n, 1n, 3n, 2n])).toBe(2n)
    expect(isOutlier(102n, 100n, 200n)).toBe(false)
    expect(isOutlier(103n, 100n, 200n)).toBe(true)
    expect(isOutlier(98n, 100n, 200n)).toBe(false)
  })
  it('scriptedOracle says what it is told', async () => {
    const oracle = scriptedOracle({ centsPerBtc: 10_000_000n, now: () => 5 })
    expect((await oracle.getPrice()).centsPerBtc).toBe(10_000_000n)
    oracle.fail()
    await expect(oracle.getPrice()).rejects.toMatchObject({ reason: 'PRICE_UNAVAILABLE' })
    oracle.set(5_500_000n)
    expect(await oracle.getPrice()).toEqual({
      centsPerBtc: 5_500_000n,
      atMs: 5,
      sources: [{ name: 'scripted', centsPerBtc: 5_500_000n, atMs: 5 }],
    })
  })
})
