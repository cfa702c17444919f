// The BTCFi SDK demo: a regtest Lightning network on this machine, a loan
// desk, an escrow agent in a process of its own, a price feed of local
// exchanges, and the example merchant app on top, ready to click through in a
// browser.
//
// Pay later runs protocol v2 of @btcfi/loans: the customer's wallet draws each
// collateral lock's preimage and seals it to the escrow agent, which gives it
// to the desk only on evidence it checks itself (its own oracle on the price
// feed, the chain's height from carol's node, read-only), so the desk cannot
// take the collateral without cause. The agent keeps the preimages where the
// desk keeps its book (SQLite in the demo's temp dir, or the same PostgreSQL).
//
//   npm run demo                 start everything, print the URL, Ctrl-C stops it all
//   npm run demo -- --port 9000  another port for the app (default 8787, or any free one)
//   npm run demo -- --v1         pay later under protocol v1: no escrow agent, the desk holds
//                                the preimages (and could seize a lock without cause)
//   npm run demo -- --postgres   the desk's loan book (and the agent's preimages) on a throwaway
//                                PostgreSQL instead of SQLite (Debian's, installed first when
//                                missing; stopped and removed with the rest)
//   npm run demo -- --postgres=postgres://user:password@host:5432/db
//                                on a PostgreSQL of yours (or BTCFI_POSTGRES_URL's), in a schema of
//                                the demo's own that it drops when it stops

import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import {
  findPostgres,
  type Network,
  type NodeHandle,
  PostgresHarnessError,
  type PostgresServer,
  startNetwork,
  startPostgres,
} from '@btcfi/regtest'
import { buildWeb } from '../examples/merchant/server/stack/buildWeb.js'
import {
  type RegtestShop,
  type ShopLoanStore,
  startRegtestShop,
} from '../examples/merchant/server/stack/startRegtestShop.js'

const started = Date.now()
const bold = (text: string) => `\x1b[1m${text}\x1b[0m`
const dim = (text: string) => `\x1b[2m${text}\x1b[0m`
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)}s`
const say = (text: string) => console.log(`${dim(`[${seconds().padStart(6)}]`)} ${text}`)

const args = process.argv.slice(2)
const portArg = args.indexOf('--port')
const port = portArg >= 0 ? Number(args[portArg + 1]) : Number(process.env.PORT ?? 8787)
/** Pay later under protocol v2 (an escrow agent holds the preimages) unless `--v1`. */
const v2 = !args.includes('--v1')

/**
 * The loan book the demo runs its desk on: SQLite without `--postgres`; with
 * it, the URL given (`--postgres=URL`, `--postgres URL`, else
 * BTCFI_POSTGRES_URL), or none: a PostgreSQL the demo starts.
 */
function storeChoice(): { kind: 'sqlite' } | { kind: 'postgres'; url: string | undefined } {
  const index = args.findIndex((arg) => arg === '--postgres' || arg.startsWith('--postgres='))
  if (index < 0) return { kind: 'sqlite' }
  const arg = args[index]!
  const next = args[index + 1]
  const url = arg.startsWith('--postgres=')
    ? arg.slice('--postgres='.length)
    : next && /^postgres(ql)?:\/\//.test(next)
      ? next
      : process.env.BTCFI_POSTGRES_URL
  return { kind: 'postgres', url: url || undefined }
}
const choice = storeChoice()

let network: Network | undefined
let shop: RegtestShop | undefined
/** The PostgreSQL the demo starts (`--postgres` without a URL), once it has started. */
let postgres: Promise<PostgresServer | undefined> | undefined
/** The schema the demo made in a PostgreSQL of yours, dropped on stop. */
let ownSchema: { url: string; schema: string } | undefined
let stopping = false
async function stop(code: number) {
  if (stopping) return
  stopping = true
  const agent = shop?.escrow
  const database = postgres ? ', PostgreSQL' : ''
  say(
    `stopping the app, the desk${agent ? ', the escrow agent' : ''}, the price feed${database} and the network…`,
  )
  // The app and the desk first, then the agent's process (waited for), then its database.
  await shop?.close().catch(() => {})
  if (ownSchema) await dropSchema(ownSchema.url, ownSchema.schema).catch(warn('drop the schema'))
  const server = await postgres?.catch(() => undefined)
  await server?.stop().catch(warn('stop PostgreSQL'))
  await network?.stop().catch(() => {})
  const gone = ['node', ...(agent ? ['escrow agent'] : []), ...(server ? ['PostgreSQL'] : [])]
  const list =
    gone.length === 1 ? gone[0] : `${gone.slice(0, -1).join(', no ')} and no ${gone.at(-1)}`
  say(`stopped: no ${list} left running`)
  process.exit(code)
}
process.on('SIGINT', () => void stop(0))
process.on('SIGTERM', () => void stop(0))

const warn = (what: string) => (error: unknown) =>
  say(`could not ${what}: ${error instanceof Error ? error.message : String(error)}`)

const connection = (node: NodeHandle, macaroon: 'admin' | 'readonly' = 'admin') => ({
  restUrl: node.restUrl,
  macaroon: node.macaroons[macaroon],
  tlsCert: node.tlsCert,
})

/**
 * `--postgres` without a URL needs PostgreSQL's server binaries: when there
 * are none, the set-up installs Debian's (as `npm test` does).
 */
function ensurePostgresInstalled() {
  try {
    findPostgres()
  } catch (error) {
    if (!(error instanceof PostgresHarnessError && error.code === 'POSTGRES_NOT_FOUND')) throw error
    say('no PostgreSQL on this machine: the set-up installs it')
    const setup = fileURLToPath(new URL('setup.mjs', import.meta.url))
    execFileSync(process.execPath, [setup, '--postgres'], { stdio: 'inherit' })
  }
}

/** The desk's loan book, ready: SQLite, a PostgreSQL the demo started, or a schema in yours. */
async function loanStore(): Promise<ShopLoanStore> {
  if (choice.kind === 'sqlite') return { kind: 'sqlite' }
  if (ownSchema) return { kind: 'postgres', ...ownSchema }
  const server = await postgres
  if (!server) throw new Error('PostgreSQL did not start')
  return { kind: 'postgres', url: server.url }
}

/** Runs `work` on one connection to a PostgreSQL of yours. */
async function withClient(url: string, work: (client: import('pg').Client) => Promise<unknown>) {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  client.on('error', () => {})
  await client.connect()
  try {
    await work(client)
  } finally {
    await client.end()
  }
}

/** Drops the demo's schema (and its tables) from a PostgreSQL of yours. */
const dropSchema = (url: string, schema: string) =>
  withClient(url, (client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`))

async function main() {
  console.log(bold('BTCFi SDK demo: a Lightning shop on a regtest network'))
  if (choice.kind === 'postgres' && choice.url) {
    // Before the network starts: a URL that does not connect fails the demo at once.
    await withClient(choice.url, (client) => client.query('SELECT 1')).catch((error: Error) => {
      throw new Error(`the PostgreSQL of the URL does not answer: ${error.message}`)
    })
    ownSchema = { url: choice.url, schema: `btcfi_demo_${randomBytes(4).toString('hex')}` }
    say(
      `your PostgreSQL answers: the desk's tables go in schema ${ownSchema.schema}, dropped when the demo stops`,
    )
  }
  if (choice.kind === 'postgres' && !choice.url) {
    ensurePostgresInstalled()
    // Started beside the network (a few seconds), stopped on Ctrl-C.
    postgres = startPostgres({ onProgress: (line) => say(dim(line)) })
    postgres.catch(() => {}) // reported where it is awaited
  }
  const web = buildWeb(say)
  say('starting btcd and three lnd nodes: alice (customer), bob (loan desk), carol (merchant)')
  network = await startNetwork({ onProgress: (line) => say(dim(line)) })
  const webRoot = await web
  const shopParameters = {
    merchant: connection(network.node('carol')),
    customer: connection(network.node('alice')),
    lender: connection(network.node('bob')),
    webRoot,
    loanStore: await loanStore(),
    // v2: the agent reads the chain from carol's node (not the desk's), with its read-only macaroon.
    ...(v2 && {
      escrow: { node: connection(network.node('carol'), 'readonly'), nodeName: 'carol' },
    }),
    onProgress: say,
  }
  shop = await startRegtestShop({ ...shopParameters, port }).catch((error: { code?: string }) => {
    if (error.code !== 'EADDRINUSE') throw error
    say(`port ${port} is taken: using a free one`)
    return startRegtestShop({ ...shopParameters, port: 0 })
  })
  console.log(`\n${bold(`Open ${shop.url}`)}  ${dim(`(ready in ${seconds()})`)}`)
  const payLater = shop.escrow
    ? "Pay later runs protocol v2: the escrow agent holds the collateral lock's preimage."
    : 'Pay later runs protocol v1 (--v1): the desk holds the preimage.'
  console.log(
    dim(
      `  Checkout, Pay per minute, Pay later and Admin (move the BTC price there); the customer wallet is on the right.\n  ${payLater}\n  Ctrl-C stops everything.`,
    ),
  )
}

main().catch(async (error: unknown) => {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`)
  await stop(1)
})
