import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { hasErrorCode } from '@btcfi/core'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aggregateRates } from './aggregateRates.js'
import { createRateOracle } from './createRateOracle.js'
import { parseDecimal } from './parseDecimal.js'
import { binanceRates, bitstampRates, coinbaseRates, krakenRates } from './rateSources.js'

// Three exchanges on loopback, answering in their own formats (as recorded
// from their public APIs), for EUR and JPY.
const NOW = 1_796_600_000_000
const requests: string[] = []
let answers: Record<string, unknown> = {}
let server: ReturnType<typeof createServer>
let base = ''
beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '')
    const body = answers[req.url ?? '']
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body ?? { message: 'not found' }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

const eur = (coinbase: string, kraken: string, bitstamp: string, stampedAt = NOW) => ({
  '/v2/prices/BTC-EUR/spot': { data: { amount: coinbase, base: 'BTC', currency: 'EUR' } },
  '/0/public/Ticker?pair=XBTEUR': { error: [], result: { XXBTZEUR: { c: [kraken, '0.01'] } } },
  '/api/v2/ticker/btceur/': { timestamp: String(stampedAt / 1_000), last: bitstamp },
})
const oracle = (
  extra: Parameters<typeof createRateOracle>[0] extends infer P ? Partial<P> : never = {},
) =>
  createRateOracle({
    sources: [coinbaseRates(base), krakenRates(base), bitstampRates(base)],
    now: () => NOW,
    ...extra,
  })

describe('createRateOracle', () => {
  it('takes the median of three exchanges in EUR, in cents, and in yen for JPY', async () => {
    answers = eur('91234.56', '91230.10000', '91240')
    const rate = await oracle().getRate('EUR')
    expect(rate).toMatchObject({ currency: 'EUR', decimals: 2, minorPerBtc: 9_123_456n })
    expect(rate.sources.map((s) => s.name).sort()).toEqual(['bitstamp', 'coinbase', 'kraken'])
    answers = {
      '/v2/prices/BTC-JPY/spot': { data: { amount: '14500000.4', base: 'BTC', currency: 'JPY' } },
      '/0/public/Ticker?pair=XBTJPY': { error: [], result: { XXBTZJPY: { c: ['14500100', '1'] } } },
    }
    expect(await oracle().getRate('JPY')).toMatchObject({ decimals: 0, minorPerBtc: 14_500_050n })
  })

  it('drops stale and outlying sources, refuses when too few agree, and takes the median of those that do', async () => {
    answers = eur('91234.56', '99999.00', '91240', NOW - 600_000)
    const dropped: string[] = []
    await expect(
      oracle({ onSourceError: (name) => dropped.push(name) }).getRate('EUR'),
    ).rejects.toMatchObject({ code: 'RATE_UNAVAILABLE' })
    // bitstamp is stale; the two left are 9% apart, each beyond 2% of their median.
    expect(dropped.sort()).toEqual(['bitstamp', 'coinbase', 'kraken'])
    answers = eur('91234.56', '99999.00', '91240')
    const rate = await oracle().getRate('EUR')
    expect(rate.minorPerBtc).toBe((9_123_456n + 9_124_000n) / 2n)
  })

  it('asks each source once for concurrent asks, caches, and refuses a currency it does not know', async () => {
    answers = eur('91234.56', '91230.10000', '91240')
    requests.length = 0
    const rates = oracle()
    await Promise.all([rates.getRate('EUR'), rates.getRate('EUR'), rates.getRate('EUR')])
    await rates.getRate('EUR')
    expect(requests).toHaveLength(3)
    await expect(rates.getRate('XYZ' as 'EUR')).rejects.toMatchObject({
      code: 'CURRENCY_UNSUPPORTED',
    })
    await expect(
      createRateOracle({ sources: [bitstampRates(base)] }).getRate('JPY'),
    ).rejects.toMatchObject({ code: 'CURRENCY_UNSUPPORTED' })
  })
})

describe('the sources', () => {
  it('read each exchange’s own format, and refuse another pair', () => {
    expect(binanceRates().parse({ symbol: 'BTCUSDT', price: '97123.45000000' }, 'USD', 5)).toEqual({
      minorPerBtc: 9_712_345n,
      atMs: 5,
    })
    expect(binanceRates().url('EUR')).toBe(
      'https://api.binance.com/api/v3/ticker/price?symbol=BTCEUR',
    )
    expect(
      krakenRates().parse({ error: [], result: { XBTCHF: { c: ['88000.5', '1'] } } }, 'CHF', 1),
    ).toEqual({
      minorPerBtc: 8_800_050n,
      atMs: 1,
    })
    for (const [source, body] of [
      [binanceRates(), { symbol: 'ETHUSDT', price: '1' }],
      [coinbaseRates(), { data: { amount: '1', base: 'BTC', currency: 'USD' } }],
      [krakenRates(), { error: ['EQuery:Unknown asset pair'] }],
      [bitstampRates(), { last: '1' }],
    ] as const)
      expect(() => source.parse(body, 'EUR', 0)).toThrow(
        expect.objectContaining({ code: 'RATE_UNAVAILABLE' }),
      )
  })
})

describe('the shared rules', () => {
  it('parseDecimal reads plain decimals exactly, half up, and nothing else', () => {
    expect(parseDecimal('97123.455', 2)).toBe(9_712_346n)
    expect(parseDecimal('97123.454999', 2)).toBe(9_712_345n)
    expect(parseDecimal('14500000.5', 0)).toBe(14_500_001n)
    for (const bad of ['', '1e5', '-1', '1,000.00', ' 1 2', 12, null])
      expect(parseDecimal(bad, 2)).toBeUndefined()
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 14n }),
        fc.integer({ min: 0, max: 8 }),
        (minor, decimals) => {
          const text =
            decimals === 0
              ? minor.toString()
              : `${minor / 10n ** BigInt(decimals)}.${(minor % 10n ** BigInt(decimals)).toString().padStart(decimals, '0')}`
          expect(parseDecimal(text, decimals)).toBe(minor)
        },
      ),
    )
  })

  it('aggregateRates keeps the median of the fresh rates that agree', () => {
    const rules = { maxStalenessMs: 1_000, maxDeviationBps: 200n, minSources: 2 }
    const result = aggregateRates(
      [
        { name: 'a', minorPerBtc: 100n, atMs: 10_000 },
        { name: 'b', minorPerBtc: 101n, atMs: 9_500 },
        { name: 'c', minorPerBtc: 200n, atMs: 10_000 },
        { name: 'd', minorPerBtc: 100n, atMs: 1 },
      ],
      rules,
      10_000,
    )
    expect(result).toMatchObject({ ok: true, minorPerBtc: 100n, atMs: 9_500 })
    expect(result.dropped).toEqual([
      { name: 'd', why: 'stale' },
      { name: 'c', why: 'outlier' },
    ])
    expect(hasErrorCode(new Error('x'), 'RATE_UNAVAILABLE')).toBe(false)
  })
})
