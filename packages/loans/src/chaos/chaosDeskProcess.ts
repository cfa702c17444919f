// A desk in a process of its own for the chaos runs, on a SQLite file:
//
//   node --conditions=source --import tsx chaosDeskProcess.ts <config.json>
//
// Its oracle and clock follow a control file the runner writes (the price, or
// null while the oracle is down, and the loan clock's offset from the wall
// clock). With `escrow` in its config it lends under protocol v2 too, with
// those escrow agents. Over IPC it answers `book` (every loan and its events, in the
// store's JSON) and `idle`. It prints `{"url": ...}` once it listens.
import { readFileSync } from 'node:fs'
import { hexToBytes } from '@btcfi/core'
import { lnd } from '@btcfi/lnd'
import { createLightningClient } from '@btcfi/sdk'
import { startDesk } from '../desk/startDesk.js'
import { LoanError } from '../errors/LoanError.js'
import type { PriceOracle } from '../oracle/PriceOracle.js'
import { sqliteLoanStore } from '../store/sqliteLoanStore.js'
import { toStoreJson } from '../store/storeJson.js'
import { killingStore } from '../testing/killingStore.js'
import { chaosTerms } from './chaosTerms.js'
import type { ChaosDeskConfig, ChaosDeskControl } from './startChaosDesk.js'

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as ChaosDeskConfig
const control = (): ChaosDeskControl =>
  JSON.parse(readFileSync(config.controlPath, 'utf8')) as ChaosDeskControl
const now = () => Date.now() + control().offsetMs
const client = createLightningClient({
  backend: lnd({ url: config.restUrl, macaroon: config.macaroon, cert: config.cert }),
  network: 'regtest',
  pollIntervalMs: 1_000,
  reconnect: { initialDelayMs: 100, maxDelayMs: 1_000 },
})
const oracle: PriceOracle = {
  async getPrice() {
    const { centsPerBtc } = control()
    if (centsPerBtc === null) throw new LoanError('PRICE_UNAVAILABLE', 'The oracle is down.')
    return { centsPerBtc: BigInt(centsPerBtc), atMs: now(), sources: [] }
  },
}
const inner = await sqliteLoanStore({ path: config.dbPath })
const store = killingStore(inner, config.killAt)
const running = await startDesk({
  client,
  store,
  oracle,
  secret: hexToBytes(config.secret),
  terms: chaosTerms,
  port: config.port,
  tickMs: config.tickMs,
  now,
  ...(config.escrow && { escrow: config.escrow }),
  onError: (error, context) => console.error(`${context}: ${(error as Error).message}`),
})

process.on('message', (message: { id: number; op: 'book' | 'idle' }) => {
  const answer = async () => {
    if (message.op === 'idle') {
      await running.desk.whenIdle()
      return toStoreJson({})
    }
    const loans = await inner.listLoans()
    const events = []
    for (const loan of loans)
      events.push(...(await inner.listEvents({ loanId: loan.id, limit: 100_000 })))
    return toStoreJson({ loans, events })
  }
  answer().then(
    (data) => process.send?.({ id: message.id, data }),
    (error: unknown) => process.send?.({ id: message.id, error: (error as Error).message }),
  )
})
console.log(JSON.stringify({ url: running.url }))
const stop = () =>
  void running
    .close()
    .then(() => inner.close())
    .then(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
process.on('disconnect', stop)
