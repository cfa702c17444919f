import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import {
  assertNothingLeft,
  getTestNetwork,
  type NodeHandle,
  releaseHeld,
} from '@btcfi/regtest/vitest'
import { type Browser, chromium, type Page } from 'playwright-core'
import { buildWeb, exampleRoot } from '../server/stack/buildWeb.js'
import { type RegtestShop, startRegtestShop } from '../server/stack/startRegtestShop.js'
import { ownedMsat, restoreOwned } from './balances.js'

/** Debian's Chromium: nothing downloads a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/**
 * Where the browser tests save their screenshots: the merchant guide's own
 * (docs/merchant) when `UPDATE_SCREENSHOTS=1`, else test-results/ (ignored by
 * git), so that a test run never changes the docs.
 */
export const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(exampleRoot, '..', '..', 'docs', 'merchant')
    : join(exampleRoot, '..', '..', 'test-results', 'merchant')

export interface ShopFixture {
  shop: RegtestShop
  browser: Browser
  page: Page
  /** Opens a page of the app (`#/checkout`, `#/admin`, ...) afresh. */
  open(hash: string): Promise<void>
  screenshot(name: string): Promise<void>
  /** msat each node owns on its channels now. */
  balances(): Promise<{ customer: bigint; lender: bigint; merchant: bigint }>
  close(): Promise<void>
}

const connection = (node: NodeHandle, macaroon: 'admin' | 'readonly' = 'admin') => ({
  restUrl: node.restUrl,
  macaroon: node.macaroons[macaroon],
  tlsCert: node.tlsCert,
})

export interface ShopFixtureOptions {
  /**
   * Pay later under protocol v2, as the demo runs it: an escrow agent in a
   * process of its own, reading the chain from carol's node (read-only).
   * Default false: v1, no agent process (checkout and streams need none).
   */
  escrow?: boolean
}

/**
 * The merchant app on the test network (carol sells, alice buys, bob lends),
 * and one Chromium page on it. `close` closes the browser and the app (and
 * its escrow agent's process), releases any collateral lock or hold invoice
 * the test left (and then fails, naming it), and puts the nodes' balances back.
 */
export async function shopFixture(options: ShopFixtureOptions = {}): Promise<ShopFixture> {
  const net = await getTestNetwork()
  const webRoot = await buildWeb()
  const shop = await startRegtestShop({
    merchant: connection(net.node('carol')),
    customer: connection(net.node('alice')),
    lender: connection(net.node('bob')),
    webRoot,
    ...(options.escrow && {
      escrow: { node: connection(net.node('carol'), 'readonly'), nodeName: 'carol' },
    }),
  })
  const { customer, lender, merchant } = shop.clients
  let start: { customer: bigint; merchant: bigint }
  let browser: Awaited<ReturnType<typeof chromium.launch>>
  try {
    start = { customer: await ownedMsat(customer), merchant: await ownedMsat(merchant) }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless'],
    })
  } catch (error) {
    // A set-up that fails here leaves no shop running for the next file.
    await shop.close()
    throw error
  }
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } })
  await mkdir(SCREENSHOTS, { recursive: true })
  return {
    shop,
    browser,
    page,
    async open(hash) {
      await page.goto(`${shop.url}/${hash}`)
      await page.reload()
    },
    async screenshot(name) {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })
    },
    async balances() {
      return {
        customer: await ownedMsat(customer),
        lender: await ownedMsat(lender),
        merchant: await ownedMsat(merchant),
      }
    },
    async close() {
      await browser.close().catch(() => {})
      await shop.close()
      // A test that failed mid-loan leaves its collateral held: release it first.
      const held = await releaseHeld()
      await restoreOwned(customer, lender, start.customer)
      await restoreOwned(merchant, lender, start.merchant)
      assertNothingLeft(held)
    },
  }
}
