import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  defaultTerms,
  httpOracle,
  type LoanStore,
  postgresLoanStore,
  type RunningDesk,
  sqliteLoanStore,
  startDesk,
} from '@btcfi/loans/node'
import type { LightningClient } from '@btcfi/sdk'
import { createWebhookSecret } from '@btcfi/webhooks'
import { serve } from '@hono/node-server'
import { createLedger, revenueKindOf } from '../admin/createLedger.js'
import { type EscrowProcess, startEscrowProcess } from '../escrow/startEscrowProcess.js'
import { createWebhookInbox, type WebhookInbox } from '../hooks/createWebhookInbox.js'
import { startWebhookSender } from '../hooks/startWebhookSender.js'
import { cachedPrice } from '../http/cachedPrice.js'
import { createMerchantApp } from '../http/createMerchantApp.js'
import { createMeter } from '../meter/createMeter.js'
import { type PriceFeed, startPriceFeed } from '../pricefeed/startPriceFeed.js'
import { createOrders } from '../shop/createOrders.js'
import { createTips, TIP_NAME } from '../tips/createTips.js'
import { createWallet } from '../wallet/createWallet.js'
import { clientOf, type NodeConnection } from './NodeConnection.js'

/**
 * Where the desk keeps its loan book: an SQLite file (the default), or a
 * PostgreSQL database.
 */
export type ShopLoanStore =
  | {
      kind: 'sqlite'
      /** The folder of the SQLite file (`desk.db`). Default: a temp dir, removed on close. */
      dir?: string
    }
  | {
      kind: 'postgres'
      /** `postgres://user:password@host:5432/database`. It holds the password: it is never logged. */
      url: string
      /** The schema of the desk's tables, created if missing. Default: the connection's `search_path`. */
      schema?: string
    }

export interface RegtestShopParameters {
  /** The shop's node (receives checkout payments, streams and pay-later principals). */
  merchant: NodeConnection
  /** The customer's node, behind the wallet panel. It needs a direct channel to `lender`. */
  customer: NodeConnection
  /** The loan desk's node. */
  lender: NodeConnection
  /** The built front end. */
  webRoot?: string
  /** HTTP port of the app; 0 (default) picks a free one. */
  port?: number
  /** The desk's loan book. Default `{ kind: 'sqlite' }`: a file in a temp dir, removed on close. */
  loanStore?: ShopLoanStore
  /** The starting BTC/USD, US cents per bitcoin. Default $100,000. */
  centsPerBtc?: bigint
  /** Checkout invoices' lifetime. Default 600 s. */
  invoiceExpirySeconds?: number
  /** How often the desk re-prices its loans. Default 1 000 ms. */
  deskTickMs?: number
  /**
   * Pay later under protocol v2: an escrow agent, in a process of its own,
   * holds each collateral lock's preimage (the wallet draws it and seals it
   * to the agent, the desk accepts the agent), so the desk can take the
   * collateral only on evidence the agent checks itself. The agent reads the
   * chain's height from `node` (not the lender's; a read-only macaroon is
   * enough) and judges prices with its own oracle on the price feed. It keeps
   * its preimages where the desk keeps its book: `escrow.db` beside the
   * SQLite file, or the same PostgreSQL schema. Absent: protocol v1 (the desk
   * holds the preimages).
   */
  escrow?: {
    node: NodeConnection
    /** The node's name, for the progress lines. */
    nodeName?: string
    /** How long the borrower has to answer a default the desk claims. Default 24 h. */
    disputeWindowMs?: number
  }
  onProgress?: (line: string) => void
}

export interface RegtestShop {
  /** `http://127.0.0.1:<port>` */
  url: string
  priceFeed: PriceFeed
  desk: RunningDesk
  /** The desk's loan book, and what it runs on. */
  loans: { store: LoanStore; kind: ShopLoanStore['kind'] }
  /** v2: the escrow agent's process (its URL, key and pid); undefined for v1. */
  escrow: EscrowProcess | undefined
  clients: { merchant: LightningClient; customer: LightningClient; lender: LightningClient }
  /** The shop's Lightning Address, `shop@127.0.0.1:<port>`. */
  lightningAddress: string
  /** The app's webhook endpoint (what it received), and the sender's outbox folder (removed on close). */
  webhooks: { inbox: WebhookInbox; dir: string }
  close(): Promise<void>
}

/**
 * The whole example on a regtest network: a price feed of local exchanges,
 * a loan desk (SQLite or PostgreSQL store, httpOracle on the feed), with
 * `escrow` an escrow agent in a process of its own (protocol v2), the
 * customer's wallet, and the merchant app serving the front end.
 */
export async function startRegtestShop(parameters: RegtestShopParameters): Promise<RegtestShop> {
  const progress = parameters.onProgress ?? (() => {})
  const clients = {
    merchant: clientOf(parameters.merchant),
    customer: clientOf(parameters.customer),
    lender: clientOf(parameters.lender),
  }
  const closers: (() => Promise<void> | void)[] = []
  const close = async () => {
    for (const closer of closers.reverse()) await Promise.resolve(closer()).catch(() => {})
  }
  try {
    progress('price feed: coinbase, kraken and bitstamp tickers on loopback')
    const priceFeed = await startPriceFeed(
      parameters.centsPerBtc === undefined ? {} : { centsPerBtc: parameters.centsPerBtc },
    )
    closers.push(() => priceFeed.close())
    const oracle = httpOracle({ sources: priceFeed.sources, minSources: 2 })
    const price = cachedPrice(oracle, 500)

    const choice = parameters.loanStore ?? { kind: 'sqlite' }
    const { store, dir } = await openLoanStore(choice, closers)
    closers.push(() => store.close())

    let escrow: EscrowProcess | undefined
    if (parameters.escrow) {
      const { node, nodeName } = parameters.escrow
      const agentDir = dir ?? (await mkdtemp(join(tmpdir(), 'btcfi-escrow-')))
      if (!dir) closers.push(() => rm(agentDir, { recursive: true, force: true }))
      escrow = await startEscrowProcess({
        dir: agentDir,
        node,
        store:
          choice.kind === 'sqlite'
            ? { kind: 'sqlite', path: join(agentDir, 'escrow.db') }
            : {
                kind: 'postgres',
                url: choice.url,
                ...(choice.schema === undefined ? {} : { schema: choice.schema }),
              },
        exchanges: priceFeed.exchanges,
        onLog: (line) => progress(`escrow agent: ${line}`),
      })
      closers.push(() => escrow?.close())
      progress(
        `escrow agent: process ${escrow.pid} on ${escrow.url}, ${describeStore(choice)}, ` +
          `the chain's height from ${nodeName ? `${nodeName}'s node` : 'its node'}, its own oracle on the price feed`,
      )
    }
    progress(
      `loan desk: ${describeStore(choice)}, oracle on the price feed, ` +
        (escrow
          ? `protocol v2 (the escrow agent ${escrow.pubkey.slice(0, 12)}… holds the preimages)`
          : 'protocol v1 (the desk holds the preimages)'),
    )
    const desk = await startDesk({
      client: clients.lender,
      store,
      oracle,
      secret: new Uint8Array(randomBytes(32)),
      terms: defaultTerms,
      tickMs: parameters.deskTickMs ?? 1_000,
      ...(escrow && {
        escrow: {
          agents: [{ pubkey: escrow.pubkey, url: escrow.url }],
          ...(parameters.escrow?.disputeWindowMs === undefined
            ? {}
            : { disputeWindowMs: parameters.escrow.disputeWindowMs }),
        },
      }),
    })
    closers.push(() => desk.close())

    const orders = createOrders({
      client: clients.merchant,
      price,
      ...(parameters.invoiceExpirySeconds === undefined
        ? {}
        : { expirySeconds: parameters.invoiceExpirySeconds }),
    })
    closers.push(() => orders.close())
    // Orders turn PAID on the app's webhook endpoint; the secret is this run's.
    const secret = createWebhookSecret()
    const inbox = createWebhookInbox({ secret, orders })
    const tips = createTips({ client: clients.merchant })
    const meter = createMeter({ client: clients.merchant })
    closers.push(() => meter.close())
    const ledger = createLedger({
      client: clients.merchant,
      kindOf: revenueKindOf(orders, tips),
    })
    closers.push(() => ledger.close())
    const wallet = createWallet({
      client: clients.customer,
      deskUrl: desk.url,
      price,
      escrow: escrow !== undefined,
    })
    closers.push(() => wallet.close())

    const app = createMerchantApp({
      orders,
      meter,
      ledger,
      price,
      merchant: clients.merchant,
      loans: store,
      wallet,
      tips,
      inbox,
      setPrice: (centsPerBtc) => {
        priceFeed.set(centsPerBtc)
        // Every read after the move sees it (the admin page shows it at once).
        price.invalidate()
      },
      ...(parameters.webRoot ? { webRoot: parameters.webRoot } : {}),
    })
    progress('merchant app: API, Server-Sent Events and the front end')
    const url = await new Promise<string>((resolve, reject) => {
      const server = serve(
        { fetch: app.fetch, port: parameters.port ?? 0, hostname: '127.0.0.1' },
        (info) => resolve(`http://127.0.0.1:${info.port}`),
      )
      server.once('error', reject)
      closers.push(
        () =>
          new Promise<void>((done) => {
            server.close(() => done())
            if ('closeAllConnections' in server) server.closeAllConnections()
          }),
      )
    })
    tips.serveAt(url)
    const lightningAddress = tips.info(url).address
    progress(`lightning address: ${lightningAddress} (${TIP_NAME}'s tips, on the merchant's node)`)
    const sender = await startWebhookSender({
      client: clients.merchant,
      url: `${url}/hooks/lightning`,
      secret,
      onProgress: progress,
    })
    closers.push(() => sender.close())
    progress(`webhooks: invoice.settled to ${url}/hooks/lightning, from an SQLite outbox`)
    return {
      url,
      priceFeed,
      desk,
      loans: { store, kind: choice.kind },
      escrow,
      clients,
      lightningAddress,
      webhooks: { inbox, dir: sender.dir },
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}

/**
 * Opens the desk's store, and says the SQLite file's folder; what it leaves
 * behind (a temp dir) is removed by `closers`.
 */
async function openLoanStore(
  choice: ShopLoanStore,
  closers: (() => Promise<void> | void)[],
): Promise<{ store: LoanStore; dir: string | undefined }> {
  if (choice.kind === 'postgres') {
    const store = await postgresLoanStore({
      url: choice.url,
      ...(choice.schema === undefined ? {} : { schema: choice.schema }),
    })
    return { store, dir: undefined }
  }
  const dir = choice.dir ?? (await mkdtemp(join(tmpdir(), 'btcfi-merchant-')))
  if (!choice.dir) closers.push(() => rm(dir, { recursive: true, force: true }))
  return { store: await sqliteLoanStore({ path: join(dir, 'desk.db') }), dir }
}

/** The store for a person watching: where it is, never the URL's password. */
function describeStore(choice: ShopLoanStore): string {
  if (choice.kind === 'sqlite') return 'SQLite store'
  const schema = choice.schema === undefined ? '' : `, schema ${choice.schema}`
  try {
    const { hostname, port, pathname } = new URL(choice.url)
    const database = decodeURIComponent(pathname.slice(1))
    return `PostgreSQL store on ${hostname}:${port || 5432}${database ? `/${database}` : ''}${schema}`
  } catch {
    return `PostgreSQL store${schema}`
  }
}
