// An escrow agent (protocol v2 of @btcfi/loans) in a process of its own, as
// the demo runs it beside the shop's loan desk. Borrowers seal each
// collateral lock's preimage to it; it gives a preimage to the desk only on
// evidence it checks itself: its own price (an oracle over the exchanges it
// is given), the chain's height as a node that is not the desk's sees it, and
// its own clock for dispute windows.
//
//   node --conditions=source --import tsx server/escrow/escrowAgentMain.ts <config.json>
//
// config.json is an EscrowAgentConfig (it may hold a PostgreSQL password:
// keep it readable by its user only). Once the agent listens it prints one
// JSON line, {"url", "pubkey", "pid"}, and sends the same over IPC when it
// was started with a channel; it then exits when that channel closes (its
// parent is gone). SIGINT and SIGTERM stop it: the server, then the store.
import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { bytesToHex, hexToBytes } from '@btcfi/core'
import { lnd } from '@btcfi/lnd'
import {
  type DurableEscrowStore,
  httpOracle,
  postgresEscrowStore,
  sqliteEscrowStore,
  startEscrowAgent,
} from '@btcfi/loans/node'
import { createLightningClient } from '@btcfi/sdk'
import { sourceOf } from '../pricefeed/startPriceFeed.js'
import type { EscrowAgentConfig, EscrowAgentUp } from './EscrowAgentConfig.js'

const configPath = process.argv[2]
if (!configPath) {
  console.error('usage: escrowAgentMain.ts <config.json>')
  process.exit(2)
}
const config = JSON.parse(readFileSync(configPath, 'utf8')) as EscrowAgentConfig

/** The agent's key, kept beside its store: drawn on the first start, read on the next ones. */
function secretOf(path: string): Uint8Array {
  try {
    return hexToBytes(readFileSync(path, 'utf8').trim())
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    const secret = new Uint8Array(randomBytes(32))
    writeFileSync(path, bytesToHex(secret), { mode: 0o600, flag: 'wx' })
    return secret
  }
}

const openStore = (store: EscrowAgentConfig['store']) =>
  store.kind === 'sqlite'
    ? sqliteEscrowStore({ path: store.path })
    : postgresEscrowStore({
        url: store.url,
        ...(store.schema === undefined ? {} : { schema: store.schema }),
      })

const node = createLightningClient({
  backend: lnd({
    url: config.node.restUrl,
    macaroon: config.node.macaroon,
    cert: config.node.tlsCert,
  }),
})
let store: DurableEscrowStore | undefined
try {
  store = await openStore(config.store)
  const running = await startEscrowAgent({
    secret: secretOf(config.secretPath),
    store,
    // Its own oracle instance on the exchanges: the desk's price is never its evidence.
    oracle: httpOracle({
      sources: config.exchanges.map(({ exchange, baseUrl }) => sourceOf[exchange](baseUrl)),
      minSources: 2,
    }),
    height: async () => (await node.getInfo()).blockHeight,
    port: config.port ?? 0,
    host: config.host ?? '127.0.0.1',
    onError: (error, context) =>
      console.error(`${context}: ${error instanceof Error ? error.message : String(error)}`),
  })
  const up: EscrowAgentUp = { url: running.url, pubkey: running.pubkey, pid: process.pid }
  console.log(JSON.stringify(up))
  process.send?.(up)

  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    void running
      .close()
      .then(() => store?.close())
      .catch((error: unknown) => console.error(`stop: ${(error as Error).message}`))
      .finally(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  process.on('disconnect', stop)
} catch (error) {
  console.error(
    `the escrow agent did not start: ${error instanceof Error ? error.message : String(error)}`,
  )
  await store?.close().catch(() => {})
  process.exit(1)
}
