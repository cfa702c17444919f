import { createHash, X509Certificate } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { lnd } from '@btcfi/lnd'
import { getTestNetwork } from '@btcfi/regtest/vitest'
import { createClient, createInvoice, getInvoice } from '@btcfi/sdk'
import { chromium } from 'playwright-core'
import { build } from 'vite'
import { afterAll, describe, expect, it } from 'vitest'

// One browser test: the page of this example, bundled by Vite, imports
// @btcfi/sdk and @btcfi/lnc, pairs with alice over the regtest network's LNC
// path and pays carol's invoice, in Debian's Chromium (never a downloaded one).

const CHROMIUM = '/usr/bin/chromium'
const root = fileURLToPath(new URL('..', import.meta.url))
// The docs' screenshot only with UPDATE_SCREENSHOTS=1: a test run leaves the tree as it was.
const screenshot = fileURLToPath(
  new URL(
    process.env.UPDATE_SCREENSHOTS === '1'
      ? '../../../docs/lnc-browser.png'
      : '../../../test-results/lnc-browser.png',
    import.meta.url,
  ),
)
const net = await getTestNetwork()
const cleanups: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
})

/** Serves a built directory on a loopback port. */
async function serve(dir: string): Promise<string> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.wasm': 'application/wasm',
  }
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const file = join(dir, path === '/' ? 'index.html' : path)
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
    res.end(await readFile(file))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise((resolve) => server.close(resolve)))
  const address = server.address()
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
}

/** Chromium's pin of a self-signed certificate: base64 of the SHA-256 of its public key. */
function spkiHash(pem: string): string {
  const key = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' })
  return createHash('sha256').update(key).digest('base64')
}

describe.runIf(net.lnc && existsSync(CHROMIUM))('the LNC backend in a browser', () => {
  it('pairs and pays an invoice from a Vite-bundled page in Chromium', async () => {
    const path = net.lnc!
    const outDir = await mkdtemp(join(tmpdir(), 'btcfi-lnc-page-'))
    cleanups.push(() => rm(outDir, { recursive: true, force: true }))
    await build({
      root,
      configFile: join(root, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    })
    const pageUrl = await serve(outDir)

    const carol = net.node('carol')
    const carolRest = lnd({
      url: carol.restUrl,
      macaroon: carol.macaroons.admin,
      cert: carol.tlsCert,
    })
    const carolClient = createClient({ backend: carolRest })
    const invoice = await createInvoice(carolClient, {
      amountMsat: 42_000n,
      memo: 'from a browser',
    })
    const { pairingPhrase } = await path.createSession('alice')

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--headless',
        // Trust the regtest mailbox's self-signed certificate, and nothing else.
        `--ignore-certificate-errors-spki-list=${spkiHash(path.mailboxCert)}`,
      ],
    })
    cleanups.push(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 900, height: 520 } })
    const logs: string[] = []
    page.on('console', (message) => logs.push(message.text()))
    const params = {
      pairingPhrase,
      mailbox: path.mailbox,
      wasmUrl: path.wasmUrl,
      paymentRequest: invoice.paymentRequest,
    }
    await page.goto(`${pageUrl}/#${encodeURIComponent(JSON.stringify(params))}`)
    const status = page.locator('#status')
    await expect
      .poll(async () => status.getAttribute('data-state'), { timeout: 90_000, interval: 500 })
      .toMatch(/paid|error/)
    const text = await status.textContent()
    expect(text, logs.slice(-20).join('\n')).toBe('paid')
    const result = (await page.evaluate(
      () => (globalThis as { btcfiResult?: unknown }).btcfiResult,
    )) as {
      pairMs: number
      status: string
    }
    console.log(`LNC in Chromium: pair + first call ${result.pairMs} ms`)
    expect(result.status).toBe('SUCCEEDED')
    // Hide the phrase before the screenshot: the page shows none, the URL has it.
    await page.evaluate(() => history.replaceState(null, '', '/'))
    await mkdir(join(screenshot, '..'), { recursive: true })
    await page.screenshot({ path: screenshot })
    expect((await getInvoice(carolClient, { paymentHash: invoice.paymentHash })).state).toBe(
      'SETTLED',
    )
  })
})
