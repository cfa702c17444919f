import { binanceSource, bitstampSource, coinbaseSource, krakenSource } from '@btcfi/loans'
import { describe, expect, it } from 'vitest'
import { dollars, exchangeBodies } from './exchangeBodies.js'

describe('the regtest price feed speaks each exchange’s format', () => {
  const cents = 9_712_345n // $97,123.45
  it('formats dollars without floats', () => {
    expect(dollars(cents)).toBe('97123.45')
    expect(dollars(cents, 0)).toBe('97123')
    expect(dollars(cents, 8)).toBe('97123.45000000')
    expect(dollars(500n)).toBe('5.00')
  })
  it('is parsed by the loan desk’s own price sources', () => {
    const now = Date.now()
    expect(coinbaseSource().parse(exchangeBodies.coinbase(cents), now).centsPerBtc).toBe(cents)
    expect(krakenSource().parse(exchangeBodies.kraken(cents), now).centsPerBtc).toBe(cents)
    expect(binanceSource().parse(exchangeBodies.binance(cents), now).centsPerBtc).toBe(cents)
    const bitstamp = bitstampSource().parse(exchangeBodies.bitstamp(cents), now)
    expect(bitstamp.centsPerBtc).toBe(9_712_300n)
    expect(Math.abs(bitstamp.atMs - now)).toBeLessThan(2_000)
  })
})
