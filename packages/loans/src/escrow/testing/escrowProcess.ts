// An escrow agent in a process of its own, for tests that kill it with
// SIGKILL and start it again on the same SQLite file and secret:
//
//   node --conditions=source --import tsx escrowProcess.ts <config.json>
//
// Once it listens it prints one JSON line, `{"url": ..., "pubkey": ...}`, and
// sends the same over IPC when it has a channel; it exits when that channel
// closes (the test process is gone), on SIGTERM and on SIGINT.
import { readFileSync } from 'node:fs'
import { hexToBytes } from '@btcfi/core'
import { lnd } from '@btcfi/lnd'
import { createClient, getInfo } from '@btcfi/sdk'
import { LoanError } from '../../errors/LoanError.js'
import type { PriceOracle } from '../../oracle/PriceOracle.js'
import { sqliteEscrowStore } from '../sqliteEscrowStore.js'
import { startEscrowAgent } from '../startEscrowAgent.js'

export interface EscrowProcessConfig {
  /** The lnd node whose chain height the agent reads (REST). */
  restUrl: string
  /** A macaroon that may read the node's info, hex. */
  macaroon: string
  /** PEM */
  cert: string
  /** The agent's SQLite file. */
  dbPath: string
  /** The agent's secret, hex. */
  secret: string
  port: number
  /** A file holding the agent's own price in US cents per BTC; empty: no price (its sources fail). */
  pricePath: string
  /** A file holding how far the agent's clock is ahead of the wall clock, ms (dispute windows). */
  clockPath: string
}

/** What the process says once it listens. */
export interface EscrowProcessUp {
  url: string
  pubkey: string
}

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as EscrowProcessConfig
const client = createClient({
  backend: lnd({ url: config.restUrl, macaroon: config.macaroon, cert: config.cert }),
  network: 'regtest',
})
const oracle: PriceOracle = {
  async getPrice() {
    const text = readFileSync(config.pricePath, 'utf8').trim()
    if (text === '') throw new LoanError('PRICE_UNAVAILABLE', 'The agent has no price.')
    return { centsPerBtc: BigInt(text), atMs: now(), sources: [] }
  },
}
const now = () => Date.now() + Number(readFileSync(config.clockPath, 'utf8').trim() || '0')
const store = await sqliteEscrowStore({ path: config.dbPath })
const running = await startEscrowAgent({
  secret: hexToBytes(config.secret),
  store,
  oracle,
  height: async () => (await getInfo(client)).blockHeight,
  now,
  // The test moves the price file and acts at once: every release reads it.
  priceCacheMs: 0,
  port: config.port,
  onError: (error, context) => {
    if (context === 'http') console.error(`http: ${(error as Error).message}`)
  },
})
const up: EscrowProcessUp = { url: running.url, pubkey: running.pubkey }
console.log(JSON.stringify(up))
process.send?.(up)
let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  void running
    .close()
    .then(() => store.close())
    .then(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
process.on('disconnect', stop)
