import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  binanceSource,
  bitstampSource,
  coinbaseSource,
  krakenSource,
  type PriceSource,
} from '@btcfi/loans'
import { type Exchange, exchangeBodies } from './exchangeBodies.js'

export interface PriceFeedParameters {
  /** The starting BTC/USD, US cents per bitcoin. Default $100,000. */
  centsPerBtc?: bigint
  /** Which exchanges to imitate. Default coinbase, kraken, bitstamp. */
  exchanges?: readonly Exchange[]
}

/** One exchange of the feed: its name and where it answers. */
export interface PriceFeedExchange {
  exchange: Exchange
  /** `http://127.0.0.1:<port>`: hand it to the exchange's source (`coinbaseSource(baseUrl)`, ...). */
  baseUrl: string
}

export interface PriceFeed {
  /** The sources to hand `httpOracle`: one local server per exchange. */
  sources: PriceSource[]
  /** The same servers by name and URL: for an oracle in another process (the escrow agent's). */
  exchanges: PriceFeedExchange[]
  readonly centsPerBtc: bigint
  /** Moves the price on every exchange at once (each keeps a small spread around it). */
  set(centsPerBtc: bigint): void
  close(): Promise<void>
}

/** The `@btcfi/loans` source that reads an exchange's ticker at `baseUrl`. */
export const sourceOf: Record<Exchange, (baseUrl: string) => PriceSource> = {
  coinbase: coinbaseSource,
  kraken: krakenSource,
  bitstamp: bitstampSource,
  binance: binanceSource,
}

/** Each exchange quotes a few dollars off the set price, the median stays on it. */
const spreadCents: Record<Exchange, bigint> = {
  coinbase: 0n,
  kraken: 700n,
  bitstamp: -500n,
  binance: 300n,
}

/**
 * A regtest price feed: a local HTTP server per exchange answering its public
 * ticker path in that exchange's real format, all following one price that a
 * demo (or a test) moves. Point `httpOracle` at `sources`.
 */
export async function startPriceFeed({
  centsPerBtc = 10_000_000n,
  exchanges = ['coinbase', 'kraken', 'bitstamp'],
}: PriceFeedParameters = {}): Promise<PriceFeed> {
  let price = centsPerBtc
  const servers: Server[] = []
  const sources: PriceSource[] = []
  const feedExchanges: PriceFeedExchange[] = []
  for (const exchange of exchanges) {
    const server = createServer((_req, res) => {
      const body = JSON.stringify(exchangeBodies[exchange](price + spreadCents[exchange]))
      res.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() })
      res.end(body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    servers.push(server)
    const { port } = server.address() as AddressInfo
    const baseUrl = `http://127.0.0.1:${port}`
    sources.push(sourceOf[exchange](baseUrl))
    feedExchanges.push({ exchange, baseUrl })
  }
  return {
    sources,
    exchanges: feedExchanges,
    get centsPerBtc() {
      return price
    },
    set(next) {
      if (typeof next !== 'bigint' || next <= 1_000n)
        throw new RangeError('The price must be above $10.')
      price = next
    },
    async close() {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve())
              server.closeAllConnections()
            }),
        ),
      )
    },
  }
}
