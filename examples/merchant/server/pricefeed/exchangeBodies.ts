/** US cents as the decimal dollars exchanges print: 9712345n → "97123.45". */
export function dollars(cents: bigint, decimals = 2): string {
  const whole = cents / 100n
  const fraction = (cents % 100n).toString().padStart(2, '0')
  return decimals === 0 ? whole.toString() : `${whole}.${fraction.padEnd(decimals, '0')}`
}

/** What each exchange's public ticker answers, in its own format (the shapes `@btcfi/loans` sources parse). */
export const exchangeBodies = {
  coinbase: (cents: bigint) => ({ data: { amount: dollars(cents), base: 'BTC', currency: 'USD' } }),
  kraken: (cents: bigint) => ({
    error: [],
    result: {
      XXBTZUSD: {
        a: [dollars(cents + 10n, 5), '1', '1.000'],
        b: [dollars(cents - 10n, 5), '2', '2.000'],
        c: [dollars(cents, 5), '0.00150000'],
      },
    },
  }),
  bitstamp: (cents: bigint) => ({
    timestamp: Math.floor(Date.now() / 1000).toString(),
    last: dollars(cents, 0),
    bid: dollars(cents - 100n, 0),
    ask: dollars(cents + 100n, 0),
  }),
  binance: (cents: bigint) => ({ symbol: 'BTCUSDT', price: dollars(cents, 8) }),
} as const

export type Exchange = keyof typeof exchangeBodies
