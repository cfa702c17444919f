// A desk in a process of its own, for tests that kill it with SIGKILL and
// start it again on the same book (a SQLite file, or a PostgreSQL schema that
// several such workers share) and secret:
//
//   node --conditions=source --import tsx deskProcess.ts <config.json>
//
// It prints one JSON line, `{"url": ...}`, once it listens.
import { readFileSync } from 'node:fs'
import { hexToBytes } from '@btcfi/core'
import { lnd } from '@btcfi/lnd'
import { createLightningClient } from '@btcfi/sdk'
import { startDesk } from '../desk/startDesk.js'
import type { PriceOracle } from '../oracle/PriceOracle.js'
import { postgresLoanStore } from '../store/postgresLoanStore.js'
import { sqliteLoanStore } from '../store/sqliteLoanStore.js'
import type { LockTerms } from '../terms/LoanTerms.js'
import { testTerms } from './deskFixture.js'
import { type KillPoint, killingStore } from './killingStore.js'

export interface DeskProcessConfig {
  restUrl: string
  /** hex */
  macaroon: string
  /** PEM */
  cert: string
  /** The SQLite file of the book, or ... */
  dbPath?: string
  /** ... the PostgreSQL schema of a book that several workers share. */
  postgres?: { url: string; schema: string }
  /** The desk secret, hex. */
  secret: string
  port: number
  /** A file holding the price in US cents per BTC: the test moves the price by writing it. */
  pricePath: string
  /** A file holding how far the desk's loan clock is ahead of the wall clock, ms (interest, dues). */
  clockPath: string
  tickMs: number
  /** Lock terms other than `testTerms`' (short periods, for rollovers driven by mining). */
  lock?: LockTerms
  killAt?: KillPoint
  /** A file the test writes a kill point to, armed while the workers run (`killingStore`). */
  killFile?: string
}

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as DeskProcessConfig
const client = createLightningClient({
  backend: lnd({ url: config.restUrl, macaroon: config.macaroon, cert: config.cert }),
  network: 'regtest',
  pollIntervalMs: 1_000,
  reconnect: { initialDelayMs: 100, maxDelayMs: 2_000 },
})
const oracle: PriceOracle = {
  async getPrice() {
    const centsPerBtc = BigInt(readFileSync(config.pricePath, 'utf8').trim())
    return { centsPerBtc, atMs: now(), sources: [] }
  },
}
const now = () => Date.now() + Number(readFileSync(config.clockPath, 'utf8').trim() || '0')
const book = config.postgres
  ? await postgresLoanStore(config.postgres)
  : await sqliteLoanStore({ path: config.dbPath! })
const store = killingStore(book, config.killAt, config.killFile)
const running = await startDesk({
  client,
  store,
  oracle,
  secret: hexToBytes(config.secret),
  terms: config.lock ? { ...testTerms, lock: config.lock } : testTerms,
  now,
  port: config.port,
  tickMs: config.tickMs,
  onError: (error, context) => console.error(`${context}: ${(error as Error).message}`),
})
console.log(JSON.stringify({ url: running.url }))
const stop = () =>
  void running
    .close()
    .then(() => book.close())
    .then(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
